#include "server/snapshot_run_inputs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "util/store_fixtures.h"

namespace acctseg::server {
namespace {

using acctseg::testing::TempDir;

std::set<std::string> NamesIn(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

TEST(SnapshotRunInputs, KeepsTheNewestRunsAccountsAndNoOutputs) {
  TempDir temp;
  const std::string dir = temp.File("runs");
  SnapshotRunInputs inputs(dir, 2);
  // Seqs that sort differently as text and as numbers; outputs as servers
  // before wrote them; a file of someone else's.
  for (uint64_t seq : {9, 10, 100, 11}) std::ofstream(inputs.PathFor(seq)) << "account_id\n";
  std::ofstream(dir + "/outputs-100.csv") << "out\n";
  std::ofstream(dir + "/notes.txt") << "mine\n";
  EXPECT_EQ(3u, inputs.Prune());
  EXPECT_EQ((std::set<std::string>{"accounts-100.csv", "accounts-11.csv", "notes.txt"}),
            NamesIn(dir));
  EXPECT_EQ(0u, inputs.Prune());
}

TEST(SnapshotRunInputs, TheDirectoryIsTheOwners) {
  TempDir temp;
  const mode_t saved = ::umask(022);
  const std::string path = SnapshotRunInputs(temp.File("runs"), 10).PathFor(1);
  ::umask(saved);
  EXPECT_EQ(temp.File("runs/accounts-1.csv"), path);
  struct stat info;
  ASSERT_EQ(0, ::stat(temp.File("runs").c_str(), &info));
  EXPECT_EQ(0700u, info.st_mode & 07777);
}

TEST(SnapshotRunInputs, NoDirectoryNothingToPrune) {
  TempDir temp;
  EXPECT_EQ(0u, SnapshotRunInputs(temp.File("none"), 0).Prune());
}

}  // namespace
}  // namespace acctseg::server
