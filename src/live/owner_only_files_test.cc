// The log and the snapshots hold every account's and event's data: what they
// create is the owner's alone (0600 files, 0700 directories) whatever the
// umask, and a directory an older acctseg left open is closed at open.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "live/event_log.h"
#include "live/event_log_test_util.h"
#include "live/snapshot.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using namespace testing;  // acctseg::testing: the fixtures

// The permission bits of `path`, as an octal number such as 0600.
unsigned ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(0, ::stat(path.c_str(), &info)) << path;
  return info.st_mode & 07777;
}

// A lax umask for the test's length: files would be 0644, directories 0755.
class LaxUmask {
 public:
  LaxUmask() : saved_(::umask(022)) {}
  ~LaxUmask() { ::umask(saved_); }

 private:
  mode_t saved_;
};

TEST(OwnerOnlyFiles, TheLogsDirectoryAndFilesAreTheOwners) {
  LaxUmask umask;
  TempDir temp;
  const std::string dir = temp.File("log");
  std::filesystem::create_directory(dir);  // as an older acctseg left it: 0755
  ASSERT_EQ(0755u, ModeOf(dir));
  auto log = EventLog::Open(dir, nullptr);
  log->AppendDurable({"an event"});
  EXPECT_EQ(0700u, ModeOf(dir));
  EXPECT_EQ(0600u, ModeOf(SegmentPath(dir, 1)));
  EXPECT_EQ(0600u, ModeOf(dir + "/LOCK"));
}

TEST(OwnerOnlyFiles, ASnapshotsFilesAreTheOwnersWhateverTheirWritersMade) {
  LaxUmask umask;
  TempDir temp;
  SnapshotStore store(temp.File("snapshots"));
  SnapshotStore::Snapshot written = store.Write(7, {{"accounts.csv", [](const std::string& path) {
                                                       std::ofstream(path)
                                                           << "id\n";  // 0644 under this umask
                                                     }}});
  EXPECT_EQ(0700u, ModeOf(temp.File("snapshots")));
  EXPECT_EQ(0700u, ModeOf(written.dir));
  EXPECT_EQ(0600u, ModeOf(written.dir + "/accounts.csv"));
}

}  // namespace
}  // namespace acctseg
