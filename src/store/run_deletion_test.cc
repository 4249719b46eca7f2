// RunStore::DeleteRuns on both backends: runs go with the column blobs only
// they held, shared blobs stay, and a save that counted on a blob deleted
// under it brings the blob again.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "common/error.h"
#include "store/column_codec.h"
#include "store/run_store.h"
#include "store/synthetic_results.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::CountRows;
using testing::TempDir;

// Two tables hold the same values where their blobs are the same bytes.
void ExpectSameResults(const Table& expected, const Table& actual) {
  EXPECT_EQ(expected.names(), actual.names());
  EXPECT_EQ(EncodeTable(expected, 1), EncodeTable(actual, 1));
}

// `results` with column `c` replaced by other numbers.
Table WithColumnChanged(const Table& results, size_t c) {
  Column other = Column::Make(DataType::Int64(), results.row_count(), false);
  for (size_t i = 0; i < results.row_count(); ++i) other.ints.Set(i, static_cast<int64_t>(i % 97));
  Table changed(results.row_count());
  for (size_t i = 0; i < results.column_count(); ++i)
    changed.Add(results.name(i), i == c ? std::make_shared<const Column>(std::move(other))
                                        : results.shared_column(i));
  return changed;
}

// The conformance check both backends pass, on one empty store.
void CheckDeleteRuns(RunStore& store) {
  const Table results = SyntheticResults(2000, 7);
  const Table changed = WithColumnChanged(results, 3);
  store.Save(SyntheticRunRecord("r1", 1, results), results);
  store.Save(SyntheticRunRecord("r2", 2, results), results);
  store.Save(SyntheticRunRecord("r3", 3, changed), changed);

  // r1's blobs are all r2's too: nothing but the run goes.
  RunRemoval removal = store.DeleteRuns({"r1", "no-such-run"});
  EXPECT_EQ(removal.runs, std::vector<std::string>{"r1"});
  EXPECT_EQ(removal.blobs, 0u);
  EXPECT_EQ(removal.bytes, 0u);
  ExpectSameResults(results, store.LoadResults("r2"));
  ExpectSameResults(changed, store.LoadResults("r3"));
  ASSERT_EQ(store.List(0).size(), 2u);
  EXPECT_THROW(store.Get("r1"), Error);

  // r2 held one blob r3 does not share: the original column 3.
  removal = store.DeleteRuns({"r2"});
  EXPECT_EQ(removal.blobs, 1u);
  EXPECT_GT(removal.bytes, 0u);
  ExpectSameResults(changed, store.LoadResults("r3"));

  // A save after the deletes stores again what they freed.
  store.Save(SyntheticRunRecord("r4", 4, results), results);
  ExpectSameResults(results, store.LoadResults("r4"));
  removal = store.DeleteRuns({"r3", "r4"});
  EXPECT_EQ(removal.runs, (std::vector<std::string>{"r3", "r4"}));
  EXPECT_EQ(removal.blobs, results.column_count() + 1);
  EXPECT_TRUE(store.List(0).empty());
  store.Compact();
  EXPECT_TRUE(store.List(0).empty());
}

TEST(SqliteRunDeletionTest, RunsGoWithTheBlobsOnlyTheyHeld) {
  TempDir dir;
  const std::string path = dir.File("runs.sqlite");
  CheckDeleteRuns(*RunStore::Open(path));
  EXPECT_EQ(CountRows(path, "column_blobs"), 0);
  EXPECT_EQ(CountRows(path, "run_columns"), 0);
}

// The space comes back to the file system only with Compact.
TEST(SqliteRunDeletionTest, CompactShrinksTheFile) {
  TempDir dir;
  const std::string path = dir.File("runs.sqlite");
  auto store = RunStore::Open(path);
  for (int i = 0; i < 3; ++i) {
    const Table results = SyntheticResults(100000, 10 + i);
    store->Save(SyntheticRunRecord("r" + std::to_string(i), i, results), results);
  }
  store->DeleteRuns({"r0", "r1"});
  // The store's bytes on disk: the file and its write-ahead log.
  auto bytes = [&] {
    return std::filesystem::file_size(path) + std::filesystem::file_size(path + "-wal");
  };
  const auto before = bytes();
  store->Compact();
  EXPECT_LT(bytes(), before / 2);
  EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);
  EXPECT_EQ(store->List(0).size(), 1u);
}

// A save that found a blob stored, then waited for the write lock while a
// delete took that blob, brings it after all: its run loads whole. (Before,
// it named a blob no longer stored, and the run could not be read again.)
TEST(SqliteRunDeletionTest, ASaveWaitingWhileADeleteTakesItsBlobsBringsThem) {
  TempDir dir;
  const std::string path = dir.File("runs.sqlite");
  const Table results = SyntheticResults(3000, 5);
  auto store = RunStore::Open(path);
  store->Save(SyntheticRunRecord("first", 1, results), results);

  // Another process's delete, holding the write lock: the saver below
  // reads the blobs as still stored (WAL: the last commit), then waits.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* remove =
      "BEGIN IMMEDIATE; DELETE FROM run_columns; DELETE FROM runs; DELETE FROM column_blobs;";
  ASSERT_EQ(sqlite3_exec(db, remove, nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread saver([&] {
    auto other = RunStore::Open(path);
    other->Save(SyntheticRunRecord("second", 2, results), results);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  saver.join();

  auto reopened = RunStore::OpenExisting(path);
  ASSERT_EQ(reopened->List(0).size(), 1u);
  ExpectSameResults(results, reopened->LoadResults("second"));
  EXPECT_EQ(CountRows(path, "column_blobs"), static_cast<int64_t>(results.column_count()));
}

// Saves and deletes from two handles at once, for a while: every run left
// loads whole.
void CheckSavesBesideDeletes(const std::function<std::unique_ptr<RunStore>()>& open) {
  open();
  const Table results = SyntheticResults(5000, 9);
  std::atomic<bool> saving{true};
  std::thread deleter([&] {
    auto store = open();
    while (saving) {
      std::vector<std::string> ids;
      for (const RunRecord& run : store->List(0)) ids.push_back(run.id);
      store->DeleteRuns(ids);
    }
  });
  {
    auto store = open();
    for (int i = 0; i < 40; ++i)
      store->Save(SyntheticRunRecord("run-" + std::to_string(i), i, results), results);
  }
  saving = false;
  deleter.join();
  auto store = open();
  store->Save(SyntheticRunRecord("last", 100, results), results);
  for (const RunRecord& run : store->List(0))
    ExpectSameResults(results, store->LoadResults(run.id));
}

TEST(SqliteRunDeletionTest, SavesBesideDeletesLeaveWholeRuns) {
  TempDir dir;
  const std::string path = dir.File("runs.sqlite");
  CheckSavesBesideDeletes([&] { return RunStore::Open(path); });
}

// ---- PostgreSQL: only with ACCTSEG_TEST_PG (tests/e2e/store_postgres.sh) ----

using PostgresRunDeletionTest = testing::PostgresSchemaTest;

TEST_F(PostgresRunDeletionTest, RunsGoWithTheBlobsOnlyTheyHeld) {
  CheckDeleteRuns(*RunStore::Open(Uri()));
}

TEST_F(PostgresRunDeletionTest, SavesBesideDeletesLeaveWholeRuns) {
  CheckSavesBesideDeletes([&] { return RunStore::Open(Uri()); });
}

}  // namespace
}  // namespace acctseg
