#include "live/snapshot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "live/event_log_file.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::TempDir;

SnapshotStore::Writer Text(std::string text) {
  return [text](const std::string& path) { std::ofstream(path) << text; };
}

TEST(SnapshotStore, WritesAtomicallyAndKeepsTheNewestTwo) {
  TempDir temp;
  SnapshotStore store(temp.File("snapshots"));
  EXPECT_FALSE(store.Latest().has_value());
  for (uint64_t seq : {10, 200, 3000}) {
    SnapshotStore::Snapshot written = store.Write(
        seq, {{"accounts.csv", Text("seq " + std::to_string(seq))}, {"routing.json", Text("{}")}});
    EXPECT_EQ(seq, written.seq);
  }
  std::optional<SnapshotStore::Snapshot> latest = store.Latest();
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(3000u, latest->seq);
  EXPECT_EQ("seq 3000", ReadWholeFile(JoinPath(latest->dir, "accounts.csv")));
  std::vector<SnapshotStore::Snapshot> all = store.List();
  ASSERT_EQ(2u, all.size());
  EXPECT_EQ(200u, all[0].seq);
  // Same seq again, with another file: replaced whole.
  store.Write(3000, {{"accounts.csv", Text("again")}, {"outputs.csv", Text("out")}});
  EXPECT_EQ("again", ReadWholeFile(JoinPath(latest->dir, "accounts.csv")));
  EXPECT_EQ("out", ReadWholeFile(JoinPath(latest->dir, "outputs.csv")));
  EXPECT_FALSE(std::filesystem::exists(JoinPath(latest->dir, "routing.json")));
  EXPECT_EQ(2u, store.List().size());
  EXPECT_EQ(2u, ListDirectory(temp.File("snapshots")).size());  // no temporary left
}

TEST(SnapshotStore, AFailedOrInterruptedSnapshotLeavesNoTrace) {
  TempDir temp;
  std::string dir = temp.File("snapshots");
  {
    SnapshotStore store(dir);
    store.Write(5, {{"accounts.csv", Text("five")}});
    testing::ExpectError(ErrorKind::kIo, "disk full", [&] {
      store.Write(9, {{"accounts.csv", Text("nine")}, {"routing.json", [](const std::string&) {
                                                         throw Error(ErrorKind::kIo, "disk full");
                                                       }}});
    });
    EXPECT_EQ(5u, store.Latest()->seq);
  }
  // What a kill -9 in the middle of Write leaves: a temporary directory.
  std::filesystem::create_directories(dir + "/snapshot-00000000000000000009.tmp-abcdef");
  SnapshotStore store(dir);
  EXPECT_EQ(5u, store.Latest()->seq);
  EXPECT_EQ((std::vector<std::string>{"snapshot-00000000000000000005"}), ListDirectory(dir));
}

}  // namespace
}  // namespace acctseg
