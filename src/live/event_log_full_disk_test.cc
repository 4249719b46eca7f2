// A full disk under the log. A real ENOSPC needs a small file system, which
// needs root to mount; these tests get the same failure from every machine
// by lowering RLIMIT_FSIZE (with SIGXFSZ ignored, a write past the limit
// writes what fits and then fails with EFBIG). That exercises exactly the
// path ENOSPC takes: a short write, then an error, then the rollback.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>

#include "live/committer.h"
#include "live/event_log.h"
#include "live/event_log_test_util.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::ExpectError;
using testing::LoggedRecords;
using testing::ReadBack;
using testing::SegmentPath;
using testing::TempDir;

// Files of this process cannot grow past `bytes` while it lives.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(uint64_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    EXPECT_EQ(0, setrlimit(RLIMIT_FSIZE, &limited));
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_;
  sighandler_t old_handler_;
};

TEST(EventLogFullDisk, AFailedAppendIsRolledBackAndTheNextOneWorks) {
  TempDir temp;
  std::string dir = temp.File("wal");
  std::string segment = SegmentPath(dir, 1);
  auto log = EventLog::Open(dir, nullptr);
  log->AppendDurable({"first", "second"});
  uint64_t size = std::filesystem::file_size(segment);
  std::vector<std::string> big(10, std::string(200, 'b'));
  {
    FileSizeLimit limit(size + 1000);  // room for some of the records, not all
    ExpectError(ErrorKind::kIo, "cannot write " + segment, [&] { log->AppendDurable(big); });
    EXPECT_EQ(size, std::filesystem::file_size(segment));  // the partial write is gone
    EXPECT_EQ(2u, log->last_seq());
    EXPECT_EQ((std::vector<uint64_t>{3}), log->AppendDurable({"small"}));  // fits
  }
  EXPECT_EQ((std::vector<uint64_t>{4, 5, 6, 7, 8, 9, 10, 11, 12, 13}), log->AppendDurable(big));
  log.reset();
  EventLog::Recovery recovery;
  log = EventLog::Open(dir, &recovery);
  EXPECT_EQ(0u, recovery.truncated_bytes);
  LoggedRecords records = ReadBack(*log);
  ASSERT_EQ(13u, records.size());
  EXPECT_EQ((std::pair<uint64_t, std::string>{3, "small"}), records[2]);
  EXPECT_EQ(big[0], records[3].second);
}

TEST(EventLogFullDisk, EveryCallerOfTheFailedCommitGetsTheError) {
  TempDir temp;
  std::string dir = temp.File("wal");
  auto log = EventLog::Open(dir, nullptr);
  std::vector<uint64_t> applied;
  Committer committer(*log, [&](uint64_t seq, std::string_view) {
    applied.push_back(seq);
    return nlohmann::ordered_json(seq);
  });
  committer.Submit("before");
  {
    FileSizeLimit limit(std::filesystem::file_size(SegmentPath(dir, 1)) + 100);
    ExpectError(ErrorKind::kIo, "File too large",
                [&] { committer.SubmitBatch(std::vector<std::string>(5, std::string(100, 'x'))); });
    EXPECT_EQ(1u, committer.stats().failed_commits);
  }
  EXPECT_EQ(2u, committer.Submit("after").get<uint64_t>());
  EXPECT_EQ((std::vector<uint64_t>{1, 2}), applied);  // nothing of the failed commit applied
}

}  // namespace
}  // namespace acctseg
