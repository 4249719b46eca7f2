#include "store/run_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "common/error.h"
#include "store/column_codec.h"
#include "store/content_hash.h"
#include "store/postgres_store.h"
#include "store/schema.h"
#include "store/sqlite_store.h"
#include "store/synthetic_results.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

namespace fs = std::filesystem;
using testing::ExpectError;

using testing::CountRows;
using testing::TempDir;

void ExpectSameColumn(const Column& expected, const Column& actual, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(expected.type, actual.type);
  EXPECT_EQ(expected.type.scale, actual.type.scale);
  EXPECT_EQ(expected.nulls, actual.nulls);
  EXPECT_EQ(expected.ints, actual.ints);
  EXPECT_EQ(expected.codes, actual.codes);
  ASSERT_EQ(expected.dictionary == nullptr, actual.dictionary == nullptr);
  if (expected.dictionary) {
    ASSERT_EQ(expected.dictionary->size(), actual.dictionary->size());
    for (uint32_t code = 0; code < expected.dictionary->size(); ++code)
      EXPECT_EQ(expected.dictionary->Get(code), actual.dictionary->Get(code));
  }
}

void ExpectSameTable(const Table& expected, const Table& actual) {
  EXPECT_EQ(expected.row_count(), actual.row_count());
  ASSERT_EQ(expected.names(), actual.names());
  for (size_t i = 0; i < expected.column_count(); ++i)
    ExpectSameColumn(expected.column(i), actual.column(i), expected.name(i));
}

void ExpectSameRecord(const RunRecord& expected, const RunRecord& actual) {
  EXPECT_EQ(expected.id, actual.id);
  EXPECT_EQ(expected.started_at_ms, actual.started_at_ms);
  EXPECT_EQ(expected.finished_at_ms, actual.finished_at_ms);
  EXPECT_EQ(expected.user, actual.user);
  EXPECT_EQ(expected.host, actual.host);
  EXPECT_EQ(expected.policy_path, actual.policy_path);
  EXPECT_EQ(expected.policy_text, actual.policy_text);
  EXPECT_EQ(expected.policy_hash, actual.policy_hash);
  ASSERT_EQ(expected.inputs.size(), actual.inputs.size());
  for (size_t i = 0; i < expected.inputs.size(); ++i) {
    EXPECT_EQ(expected.inputs[i].name, actual.inputs[i].name);
    EXPECT_EQ(expected.inputs[i].path, actual.inputs[i].path);
    EXPECT_EQ(expected.inputs[i].bytes, actual.inputs[i].bytes);
    EXPECT_EQ(expected.inputs[i].content_hash, actual.inputs[i].content_hash);
    EXPECT_EQ(expected.inputs[i].rows, actual.inputs[i].rows);
  }
  EXPECT_EQ(expected.options, actual.options);
  EXPECT_EQ(expected.summary, actual.summary);
  EXPECT_EQ(expected.row_count, actual.row_count);
}

// Every type, with and without NULLs, including the extremes of int64.
std::vector<Column> EveryKindOfColumn(size_t rows) {
  std::vector<Column> columns;
  for (bool nullable : {false, true}) {
    for (DataType type : {DataType::Bool(), DataType::Int64(), DataType::Decimal(2),
                          DataType::Decimal(9), DataType::Date(), DataType::Timestamp()}) {
      Column column = Column::Make(type, rows, nullable);
      for (size_t i = 0; i < rows; ++i) {
        int64_t extremes[] = {std::numeric_limits<int64_t>::min(),
                              std::numeric_limits<int64_t>::max(), -1, 0};
        column.ints.Set(i, type.id == TypeId::kBool ? i % 2
                           : i < 4                  ? extremes[i]
                                                    : static_cast<int64_t>(i * 7919 % 1000) - 500);
        if (nullable && i % 3 == 0) column.nulls.Set(i, true);
      }
      columns.push_back(std::move(column));
    }
    Column strings = Column::Make(DataType::String(), rows, nullable);
    auto dictionary = std::make_shared<Dictionary>();
    const char* texts[] = {"", "SMB", "Zürich ✓", "a\0b", "Enterprise"};
    for (size_t i = 0; i < rows; ++i) {
      strings.codes.Set(i, dictionary->Intern(texts[i % 5]));
      if (nullable && i % 4 == 1) strings.nulls.Set(i, true);
    }
    dictionary->Intern("never used");  // unreferenced entries survive too
    strings.dictionary = dictionary;
    columns.push_back(std::move(strings));
  }
  columns.push_back(Column::Make(DataType::String(), 0, false));  // no dictionary at all
  return columns;
}

TEST(ColumnCodecTest, RoundTripsEveryTypeWithAndWithoutNulls) {
  for (size_t rows : {0, 1, 5, 10000}) {
    for (const Column& column : EveryKindOfColumn(rows)) {
      if (rows > 0 && column.size() == 0) continue;
      ExpectSameColumn(column, DecodeColumn(EncodeColumn(column)),
                       column.type.ToString() + " rows=" + std::to_string(rows));
    }
  }
}

// The payload reaches zstd in chunks of 256 KB: a column of a million
// rows whose values, NULL flags and dictionary texts cross many chunk
// edges (varints of every length, texts longer than a varint) comes back
// whole, with and without NULLs.
TEST(ColumnCodecTest, PayloadsOfManyChunksRoundTrip) {
  const size_t rows = 1000000;
  for (bool nullable : {false, true}) {
    Column numbers = Column::Make(DataType::Int64(), rows, nullable);
    Column texts = Column::Make(DataType::String(), rows, nullable);
    auto dictionary = std::make_shared<Dictionary>();
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < rows; ++i) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift: every varint length
      numbers.ints.Set(i, static_cast<int64_t>(x >> (x % 64)));
      texts.codes.Set(
          i, dictionary->Intern("reason " + std::to_string(x % 300000) + std::string(i % 23, '.')));
      if (nullable && x % 7 == 0) numbers.nulls.Set(i, true), texts.nulls.Set(i, true);
    }
    texts.dictionary = dictionary;
    numbers.Narrow(), texts.Narrow();
    const std::string what = nullable ? "with NULLs" : "without NULLs";
    ExpectSameColumn(numbers, DecodeColumn(EncodeColumn(numbers)), "numbers " + what);
    ExpectSameColumn(texts, DecodeColumn(EncodeColumn(texts)), "texts " + what);
  }
}

// Runs stored before dates existed stay readable: the type ids a stored
// column names never change (new types are added after the old ones).
TEST(ColumnCodecTest, TypeIdsOfStoredColumnsAreStable) {
  EXPECT_EQ(static_cast<int>(TypeId::kBool), 1);
  EXPECT_EQ(static_cast<int>(TypeId::kInt64), 2);
  EXPECT_EQ(static_cast<int>(TypeId::kDecimal), 3);
  EXPECT_EQ(static_cast<int>(TypeId::kString), 4);
  EXPECT_EQ(static_cast<int>(TypeId::kDate), 6);
  EXPECT_EQ(static_cast<int>(TypeId::kTimestamp), 7);
  Column dates = Column::Make(DataType::Date(), 3, true);
  dates.ints = {19782, -1, 0};
  dates.nulls = {0, 0, 1};
  Column back = DecodeColumn(EncodeColumn(dates));
  EXPECT_EQ(back.type, DataType::Date());
  EXPECT_EQ(back.ints[0], 19782);
  EXPECT_TRUE(back.IsNull(2));
}

TEST(ColumnCodecTest, SequentialValuesShrinkToAlmostNothing) {
  Column ids = Column::Make(DataType::Int64(), 100000, false);
  for (size_t i = 0; i < ids.ints.size(); ++i) ids.ints.Set(i, 1000000 + static_cast<int64_t>(i));
  EXPECT_LT(EncodeColumn(ids).size(), 1000u);
}

TEST(ColumnCodecTest, RefusesCorruptBlobs) {
  std::string blob = EncodeColumn(EveryKindOfColumn(100)[6]);  // strings
  ExpectError(ErrorKind::kStore, "corrupt column data", [&] { DecodeColumn("not a column"); });
  ExpectError(ErrorKind::kStore, "corrupt column data",
              [&] { DecodeColumn(blob.substr(0, blob.size() / 2)); });
  blob[blob.size() / 2] ^= 0x55;
  ExpectError(ErrorKind::kStore, "corrupt column data", [&] { DecodeColumn(blob); });
}

TEST(ColumnCodecTest, TableRoundTripAndEmptyTable) {
  Table table = SyntheticResults(5000, 7);
  std::vector<std::string> blobs = EncodeTable(table, 4);
  std::vector<std::string_view> views(blobs.begin(), blobs.end());
  ExpectSameTable(table, DecodeTable(table.names(), views, 0, 4));

  Table empty = SyntheticResults(0, 7);
  blobs = EncodeTable(empty, 4);
  views.assign(blobs.begin(), blobs.end());
  ExpectSameTable(empty, DecodeTable(empty.names(), views, 0, 4));
}

// global_id holds codes into the account ids' dictionary: its blob names
// that column instead of repeating the dictionary, and the decoded table
// shares one dictionary again.
TEST(ColumnCodecTest, ADictionaryTwoColumnsShareIsStoredOnce) {
  constexpr size_t kRows = 20000;
  auto ids = std::make_shared<Dictionary>();
  Column account_id = Column::Make(DataType::String(), kRows, false);
  Column global_id = Column::Make(DataType::String(), kRows, true);
  Column same_texts = Column::Make(DataType::String(), kRows, false);
  auto copy = std::make_shared<Dictionary>();
  for (size_t i = 0; i < kRows; ++i) {
    account_id.codes.Set(i, ids->Intern(std::to_string(1000000 + i * 7919 % kRows)));
    same_texts.codes.Set(i, copy->Intern(ids->Get(static_cast<uint32_t>(i))));
  }
  for (size_t i = 0; i < kRows; ++i) {
    global_id.codes.Set(i, account_id.codes[i / 10 * 10]);
    if (i % 17 == 3) global_id.nulls.Set(i, true);
  }
  account_id.dictionary = ids;
  global_id.dictionary = ids;
  same_texts.dictionary = copy;  // equal texts, another dictionary: stored in full
  Table table(kRows);
  table.Add("account_id", std::make_shared<const Column>(std::move(account_id)));
  table.Add("global_id", std::make_shared<const Column>(std::move(global_id)));
  table.Add("copy", std::make_shared<const Column>(std::move(same_texts)));

  std::vector<std::string> blobs = EncodeTable(table, 2);
  EXPECT_LT(blobs[1].size() * 4, blobs[0].size());
  EXPECT_EQ(blobs[1].substr(0, 4), "ACC2");
  EXPECT_EQ(blobs[2].substr(0, 4), "ACC1");
  EXPECT_GT(blobs[2].size() * 2, blobs[0].size());
  std::vector<std::string_view> views(blobs.begin(), blobs.end());
  Table back = DecodeTable(table.names(), views, 0, 2);
  ExpectSameTable(table, back);
  EXPECT_EQ(back.column(0).dictionary, back.column(1).dictionary);
  EXPECT_NE(back.column(0).dictionary, back.column(2).dictionary);

  // Alone, or naming a column that is not before it, the blob is corrupt.
  ExpectError(ErrorKind::kStore, "another column's", [&] { DecodeColumn(blobs[1]); });
  ExpectError(ErrorKind::kStore, "column \"b\": corrupt column data", [&] {
    DecodeTable({"b", "a"}, {views[1], views[0]}, 0, 1);
  });
  const std::string numbers = EncodeColumn(Column::Make(DataType::Int64(), kRows, false));
  ExpectError(ErrorKind::kStore, "column \"b\": corrupt column data", [&] {
    DecodeTable({"n", "b"}, {numbers, views[1]}, 0, 1);  // column 0 has no dictionary
  });
}

// Pieces of every size, below and above the hasher's gathering buffer,
// hash as their concatenation does.
TEST(ContentHashTest, PiecesHashAsTheirConcatenation) {
  std::mt19937_64 rng(9);
  std::string all;
  ContentHasher hasher;
  for (size_t size : {0, 1, 7, 100, 65535, 65536, 65537, 3, 200000, 12}) {
    std::string piece(size, '\0');
    for (char& c : piece) c = static_cast<char>(rng());
    hasher.Update(piece);
    all += piece;
  }
  const uint64_t value = 42;
  hasher.UpdateValue(value);
  all.append(reinterpret_cast<const char*>(&value), sizeof value);
  EXPECT_EQ(hasher.Digest(), HashString(all));
  ContentHasher empty;
  EXPECT_EQ(empty.Digest(), HashString(""));
}

TEST(ContentHashTest, HashesFilesAndStringsAlike) {
  TempDir dir;
  std::string path = dir.File("input.csv");
  std::string text(3 << 20, 'x');  // spans several read chunks
  text += "account_id\n";
  std::ofstream(path) << text;
  std::string hash = HashString(text);
  EXPECT_EQ(HashFile(path), hash);
  EXPECT_EQ(hash.rfind("xxh3-128:", 0), 0u);
  EXPECT_EQ(hash.size(), 9u + 32u);
  EXPECT_EQ(HashString(""), "xxh3-128:99aa06d3014798d86001c324468d497f");
  EXPECT_NE(HashString("a"), HashString("b"));
  ExpectError(ErrorKind::kIo, dir.File("missing.csv"), [&] { HashFile(dir.File("missing.csv")); });
}

// The conformance suite both backends pass; `open` makes a fresh handle on
// one empty store.
void CheckRoundTrip(const std::function<std::unique_ptr<RunStore>()>& open) {
  auto store = open();
  EXPECT_EQ(store->schema_version(), kRunStoreSchemaVersion);
  EXPECT_TRUE(store->List(0).empty());
  ExpectError(ErrorKind::kNotFound, "no run \"latest\" in " + store->location(),
              [&] { store->Get("latest"); });

  Table results = SyntheticResults(3000, 1);
  std::vector<RunRecord> records;
  for (int i = 0; i < 4; ++i) {
    records.push_back(
        SyntheticRunRecord("20261126-00451" + std::to_string(i) + "-3f9a2" + std::to_string(i),
                           1764100000000 + i * 1000, results));
    store->Save(records.back(), results);
  }
  RunRecord empty_run = SyntheticRunRecord("20250101-000000-000000", 1, SyntheticResults(0, 1));
  store->Save(empty_run, SyntheticResults(0, 1));

  auto reopened = open();  // another handle sees everything committed
  std::vector<RunRecord> listed = reopened->List(0);
  ASSERT_EQ(listed.size(), 5u);
  for (int i = 0; i < 4; ++i) ExpectSameRecord(records[3 - i], listed[i]);  // newest first
  ExpectSameRecord(empty_run, listed[4]);
  EXPECT_EQ(reopened->List(2).size(), 2u);

  ExpectSameRecord(records[3], reopened->Get("latest"));
  ExpectSameRecord(records[2], reopened->Get("latest~1"));
  ExpectSameRecord(empty_run, reopened->Get("latest~4"));
  ExpectError(ErrorKind::kNotFound, "no run \"latest~5\"", [&] { reopened->Get("latest~5"); });
  ExpectSameRecord(records[1], reopened->Get(records[1].id));
  ExpectSameRecord(records[1], reopened->Get("20261126-004511"));  // unique prefix
  ExpectError(ErrorKind::kNotFound, "ambiguous", [&] { reopened->Get("20261126"); });
  ExpectError(ErrorKind::kNotFound,
              "no run \"nope\" in " + reopened->location() + " (acctseg runs list shows the runs)",
              [&] { reopened->Get("nope"); });

  ExpectSameTable(results, reopened->LoadResults(records[0].id));
  ExpectSameTable(results, reopened->LoadResults("latest"));
  Table loaded_empty = reopened->LoadResults(empty_run.id);
  ExpectSameTable(SyntheticResults(0, 1), loaded_empty);

  // The caller's last word before the commit (RunJob waits there for its
  // output file): called once; if it throws, the save is rolled back and
  // its error passes through.
  RunRecord vetoed = SyntheticRunRecord("20261126-004520-vetoed", 1764100009000, results);
  int calls = 0;
  ExpectError(ErrorKind::kIo, "the output could not be written", [&] {
    reopened->Save(vetoed, results, nullptr, [&] {
      ++calls;
      throw Error(ErrorKind::kIo, "the output could not be written");
    });
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(reopened->List(0).size(), 5u);
  ExpectError(ErrorKind::kNotFound, "no run", [&] { reopened->Get(vetoed.id); });

  // A duplicate id fails inside the transaction and changes nothing.
  ExpectError(ErrorKind::kStore, "already stored", [&] { reopened->Save(records[0], results); });
  EXPECT_EQ(reopened->List(0).size(), 5u);
  ExpectSameRecord(records[3], reopened->Get("latest"));
  ExpectSameTable(results, reopened->LoadResults(records[0].id));
}

// Four threads, each with its own store handle, save at once; all land.
void CheckConcurrentSaves(const std::function<std::unique_ptr<RunStore>()>& open) {
  open();  // create the schema first, as the CLI does on first use
  constexpr int kThreads = 4, kRunsEach = 5;
  Table results = SyntheticResults(20000, 3);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto store = open();
        for (int r = 0; r < kRunsEach; ++r)
          store->Save(SyntheticRunRecord("run-" + std::to_string(t) + "-" + std::to_string(r),
                                         t * 100 + r, results),
                      results);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  auto store = open();
  EXPECT_EQ(store->List(0).size(), static_cast<size_t>(kThreads * kRunsEach));
  ExpectSameTable(results, store->LoadResults("run-2-3"));
}

// ---- SQLite ----

void ExecuteSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, RoundTrip) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  CheckRoundTrip([&] { return RunStore::Open(path); });
  EXPECT_EQ(CountRows(path, "runs"), 5);
  EXPECT_EQ(CountRows(path, "run_columns"), 5 * 14);  // nothing left from the failed saves
}

TEST(SqliteStoreTest, ConcurrentSavesFromFourHandles) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  CheckConcurrentSaves([&] { return RunStore::Open(path); });
}

TEST(SqliteStoreTest, ConcurrentFirstOpensCreateTheSchemaOnce) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      try {
        EXPECT_EQ(RunStore::Open(path)->schema_version(), kRunStoreSchemaVersion);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(CountRows(path, "schema_version"), 1);
}

TEST(SqliteStoreTest, RefusesANewerSchema) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  ExecuteSql(path, "UPDATE schema_version SET version = 99");
  ExpectError(ErrorKind::kStore,
              path + ": the store has schema version 99, newer than this acctseg (" +
                  std::to_string(kRunStoreSchemaVersion) + "); upgrade acctseg",
              [&] { RunStore::Open(path); });
}

TEST(SqliteStoreTest, ADirectoryIsNamedAsOne) {
  // SQLite said "disk I/O error" (reading) or "unable to open database file".
  TempDir dir;
  const std::string folder = dir.File("runs");
  std::filesystem::create_directory(folder);
  ExpectError(ErrorKind::kStore,
              "the run store " + folder + " is a directory: give a file in it (--store " + folder +
                  "/runs.sqlite)",
              [&] { RunStore::Open(folder); });
  ExpectError(ErrorKind::kStore,
              "cannot make the run store " + folder + "/no/runs.sqlite: its directory " + folder +
                  "/no does not exist (mkdir -p " + folder + "/no)",
              [&] { RunStore::Open(folder + "/no/runs.sqlite"); });
}

// A command that only reads (runs, diff) leaves the file as it is: it
// switched a rollback-journal store to WAL, and made a reader's -wal and
// -shm files its owner could not write.
TEST(SqliteStoreTest, OpeningToReadChangesNothing) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  const Table results = SyntheticResults(300, 1);
  const RunRecord record = SyntheticRunRecord("20261126-004510-3f9a20", 1764100000000, results);
  RunStore::Open(path)->Save(record, results);
  ExecuteSql(path, "PRAGMA journal_mode = DELETE");
  auto bytes = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = bytes();
  {
    auto store = RunStore::OpenExisting(path);
    EXPECT_EQ(store->List(0).size(), 1u);
    EXPECT_EQ(store->LoadResults(record.id).row_count(), 300u);
  }
  EXPECT_EQ(bytes(), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(path + "-shm"));
}

// One run whose record is damaged: the list shows every run and says
// which is damaged (it failed whole, hiding the healthy runs); Get refuses
// that one, naming the field without nlohmann's exception tag.
TEST(SqliteStoreTest, ADamagedRunIsListedAsSuch) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  const Table results = SyntheticResults(30, 1);
  const RunRecord healthy = SyntheticRunRecord("20261126-004511-3f9a21", 1764100001000, results);
  const RunRecord damaged = SyntheticRunRecord("20261126-004510-3f9a20", 1764100000000, results);
  {
    auto store = RunStore::Open(path);
    store->Save(damaged, results);
    store->Save(healthy, results);
  }
  ExecuteSql(path, "UPDATE runs SET summary_json = '{' WHERE id = '" + damaged.id + "'");
  auto store = RunStore::OpenExisting(path);
  std::vector<RunRecord> listed = store->List(0);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, healthy.id);
  EXPECT_EQ(listed[0].damaged, "");
  EXPECT_EQ(listed[1].id, damaged.id);
  EXPECT_EQ(listed[1].damaged.rfind("its summary is not JSON (parse error at line 1", 0), 0u)
      << listed[1].damaged;
  ExpectError(ErrorKind::kStore, "run " + damaged.id + " is corrupt: its summary is not JSON (",
              [&] { store->Get(damaged.id); });
}

TEST(SqliteStoreTest, RefusesFilesThatAreNotRunStores) {
  TempDir dir;
  std::string garbage = dir.File("garbage.sqlite");
  std::mt19937 random(42);
  std::string bytes(8192, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  std::ofstream(garbage, std::ios::binary) << bytes;
  ExpectError(ErrorKind::kStore, garbage + " is not an acctseg run store",
              [&] { RunStore::Open(garbage); });
  std::ifstream after(garbage, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(after), {}), bytes);  // untouched

  std::string foreign = dir.File("other.sqlite");
  ExecuteSql(foreign, "CREATE TABLE customers (id INTEGER)");
  ExpectError(ErrorKind::kStore, "not an acctseg run store", [&] { RunStore::Open(foreign); });

  ExpectError(ErrorKind::kStore, "cannot make the run store",
              [&] { RunStore::Open(dir.File("no/such/dir/runs.sqlite")); });
}

TEST(SqliteStoreTest, ReportsCorruptColumnData) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  Table results = SyntheticResults(100, 1);
  RunStore::Open(path)->Save(SyntheticRunRecord("r1", 1, results), results);
  ExecuteSql(path,
             "UPDATE column_blobs SET data = x'00112233' WHERE hash ="
             " (SELECT blob_hash FROM run_columns WHERE position = 3)");
  ExpectError(ErrorKind::kStore, "run r1: column \"industry\": corrupt column data",
              [&] { RunStore::Open(path)->LoadResults("r1"); });
}

// A column's key follows what its blob is made of: a copy has the same
// key; a value, a NULL flag or a dictionary text changed, another.
TEST(ColumnCodecTest, ContentKeysChangeWithTheContent) {
  const Table table = SyntheticResults(2000, 3);
  const std::vector<std::string> keys = ColumnContentKeys(table, 2);
  EXPECT_EQ(ColumnContentKeys(table, 1), keys);
  for (size_t i = 0; i < keys.size(); ++i)
    for (size_t j = 0; j < i; ++j) EXPECT_NE(keys[i], keys[j]) << i << " " << j;
  auto with = [&](size_t c, Column column) {
    Table changed(table.row_count());
    for (size_t k = 0; k < table.column_count(); ++k)
      changed.Add(table.name(k), k == c ? std::make_shared<const Column>(std::move(column))
                                        : table.shared_column(k));
    return ColumnContentKeys(changed, 2);
  };
  size_t ints = 0, strings = 0;
  for (size_t c = 0; c < table.column_count(); ++c) {
    if (table.column(c).type.id == TypeId::kString && !strings) strings = c;
    if (table.column(c).type.IsStoredAsInt() && !ints) ints = c;
  }
  ASSERT_NE(ints, 0u);
  ASSERT_NE(strings, 0u);
  Column value = table.column(ints);
  value.ints.Set(7, value.ints[7] + 1);
  EXPECT_NE(with(ints, value)[ints], keys[ints]);
  Column null = table.column(ints);
  if (null.nulls.empty()) null.nulls.assign(null.size(), false);
  null.nulls.Set(5, !null.nulls[5]);
  EXPECT_NE(with(ints, null)[ints], keys[ints]);
  Column text = table.column(strings);
  auto dictionary = std::make_shared<Dictionary>();
  for (uint32_t code = 0; code < text.dictionary->size(); ++code)
    dictionary->Intern(std::string(text.dictionary->Get(code)) + (code == 0 ? "!" : ""));
  text.dictionary = dictionary;
  EXPECT_NE(with(strings, text)[strings], keys[strings]);
  EXPECT_EQ(with(strings, table.column(strings))[strings], keys[strings]);  // a copy
}

// A rerun over the same input stores its unchanged columns as names of
// the blobs already there: two equal runs hold one set of blobs, a run
// with one column changed adds one blob, and each run loads as saved.
TEST(SqliteStoreTest, EqualColumnsOfRunsAreStoredOnce) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  Table results = SyntheticResults(3000, 1);
  auto store = RunStore::Open(path);
  store->Save(SyntheticRunRecord("r1", 1, results), results);
  const int64_t blobs = CountRows(path, "column_blobs");
  EXPECT_EQ(blobs, static_cast<int64_t>(results.column_count()));
  store->Save(SyntheticRunRecord("r2", 2, results), results);
  EXPECT_EQ(CountRows(path, "column_blobs"), blobs);
  Column score = Column::Make(DataType::Int64(), 3000, false);
  for (size_t i = 0; i < 3000; ++i) score.ints.Set(i, static_cast<int64_t>(i % 101));
  Table changed(3000);
  for (size_t c = 0; c < results.column_count(); ++c)
    changed.Add(results.name(c), c == 5 ? std::make_shared<const Column>(std::move(score))
                                        : results.shared_column(c));
  store->Save(SyntheticRunRecord("r3", 3, changed), changed);
  EXPECT_EQ(CountRows(path, "column_blobs"), blobs + 1);
  EXPECT_EQ(CountRows(path, "run_columns"), 3 * blobs);
  auto reopened = RunStore::Open(path);
  ExpectSameTable(results, reopened->LoadResults("r1"));
  ExpectSameTable(results, reopened->LoadResults("r2"));
  ExpectSameTable(changed, reopened->LoadResults("r3"));
}

// A store as acctseg wrote it before column blobs were shared (schema 3:
// every run's blobs in run_columns.data), holding run "old" of `results`.
void MakeSchema3Store(const std::string& path, const Table& results) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    for (const MigrationStep& step : MigrationSteps(SqlDialect::kSqlite)) {
      if (step.version > 3) continue;
      for (const std::string& sql : step.statements)
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    }
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_version (version) VALUES (3)", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  ExecuteSql(path,
             "INSERT INTO runs VALUES ('old', 1, 2, 'u', 'h', 'p.yaml', '', 'x', '[]', '{}', '{}', "
             "500)");
  std::vector<std::string> blobs = EncodeTable(results, 2);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO run_columns VALUES ('old', ?, ?, ?)", -1, &insert,
                               nullptr),
            SQLITE_OK);
  for (size_t i = 0; i < blobs.size(); ++i) {
    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, static_cast<int64_t>(i));
    sqlite3_bind_text(insert, 2, results.name(i).c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(insert, 3, blobs[i].data(), static_cast<int>(blobs[i].size()),
                      SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
}

// A schema-3 store opens, is migrated, and its runs load; runs saved after
// it share blobs as usual.
TEST(SqliteStoreTest, RunsStoredBeforeSharedBlobsStillLoad) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  Table results = SyntheticResults(500, 2);
  MakeSchema3Store(path, results);
  auto store = RunStore::Open(path);
  EXPECT_EQ(store->schema_version(), kRunStoreSchemaVersion);
  ExpectSameTable(results, store->LoadResults("old"));
  store->Save(SyntheticRunRecord("new", 3, results), results);
  ExpectSameTable(results, store->LoadResults("new"));
  EXPECT_EQ(CountRows(path, "column_blobs"), static_cast<int64_t>(results.column_count()));
}

// A command that only reads an older store reads it through a copy migrated
// in memory: it upgraded the file (which an older acctseg then refused),
// and failed where it could not write it.
TEST(SqliteStoreTest, ReadingAnOlderSchemaLeavesTheFileAsItIs) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  Table results = SyntheticResults(500, 2);
  MakeSchema3Store(path, results);
  std::ifstream in(path, std::ios::binary);
  const std::string before(std::istreambuf_iterator<char>(in), {});
  {
    auto store = RunStore::OpenExisting(path);
    EXPECT_EQ(store->List(0).size(), 1u);
    ExpectSameTable(results, store->LoadResults("old"));
  }
  std::ifstream again(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(again), {}), before);
  EXPECT_EQ(RunStore::Open(path)->schema_version(), kRunStoreSchemaVersion);  // a writer upgrades
}

TEST(SqliteStoreTest, AnOlderStoreTooLargeToCopyAsksForTheUpgrade) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  MakeSchema3Store(path, SyntheticResults(50, 1));
  std::filesystem::resize_file(path, (uintmax_t{1} << 30) + (uintmax_t{1} << 20));  // sparse
  try {
    RunStore::OpenExisting(path);
    ADD_FAILURE() << "a 1 GB store was copied into memory";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kStore);
    EXPECT_NE(std::string(e.what()).find("has schema version 3, older than this acctseg's"),
              std::string::npos)
        << e.what();
  }
}

// Another process's save in progress: a second connection that holds the
// store's write lock until Release (or the end of the scope).
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~WriteLockHolder() { Release(); }
  void Release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqliteStoreTest, LockedBeyondTheTimeout) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  WriteLockHolder holder(path);
  SqliteStore store(path, SqliteOptions{.busy_timeout_ms = 200});
  EXPECT_TRUE(store.List(0).empty());  // readers are not blocked (WAL)
  Table results = SyntheticResults(10, 1);
  ExpectError(ErrorKind::kStore, path + " is locked by another process",
              [&] { store.Save(SyntheticRunRecord("r1", 1, results), results); });
  holder.Release();
  store.Save(SyntheticRunRecord("r1", 1, results), results);
  EXPECT_EQ(store.List(0).size(), 1u);
}

// A save that waits long for another process's lock is told once (the
// command says why it is quiet), and then saves.
TEST(SqliteStoreTest, ALongWaitForTheLockIsToldOnce) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  WriteLockHolder holder(path);
  std::atomic<int> told{0};
  SqliteStore store(
      path, SqliteOptions{
                .busy_timeout_ms = 10000, .on_long_wait = [&] { ++told; }, .long_wait_ms = 100});
  Table results = SyntheticResults(10, 1);
  std::thread saver([&] { store.Save(SyntheticRunRecord("r1", 1, results), results); });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(told.load(), 1);
  holder.Release();
  saver.join();
  EXPECT_EQ(told.load(), 1);
  EXPECT_EQ(store.List(0).size(), 1u);
}

// before_commit runs inside the transaction, after every row is written:
// what it waits for (RunJob: the output file) is done before the run is
// visible to anyone, and the run is visible, whole, right after.
TEST(SqliteStoreTest, BeforeCommitRunsWithTheRowsWrittenButNotCommitted) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  auto store = RunStore::Open(path);
  Table results = SyntheticResults(1000, 1);
  int64_t runs_seen_by_others = -1;
  store->Save(SyntheticRunRecord("r1", 1, results), results, nullptr,
              [&] { runs_seen_by_others = CountRows(path, "runs"); });
  EXPECT_EQ(runs_seen_by_others, 0);
  EXPECT_EQ(CountRows(path, "runs"), 1);
  ExpectSameTable(results, RunStore::OpenExisting(path)->LoadResults("r1"));
}

// An interrupt while a save waits for another process's lock ends the wait
// (kInterrupted), rather than waiting out the busy timeout (here ten
// minutes: the test would hang if the wait ignored it).
TEST(SqliteStoreTest, InterruptEndsTheWaitForTheLock) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  WriteLockHolder holder(path);
  SqliteStore store(path, SqliteOptions{.busy_timeout_ms = 600000});
  Table results = SyntheticResults(10, 1);
  std::atomic<bool> cancelled{false};
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancelled = true;
  });
  ExpectError(ErrorKind::kInterrupted, "",
              [&] { store.Save(SyntheticRunRecord("r1", 1, results), results, &cancelled); });
  interrupter.join();
  holder.Release();
  EXPECT_TRUE(store.List(0).empty());
}

// A process killed at any moment during a save leaves either the whole run
// or no trace of it.
TEST(SqliteStoreTest, KilledSaveLeavesAWholeRunOrNothing) {
  TempDir dir;
  std::string path = dir.File("runs.sqlite");
  RunStore::Open(path);
  Table results = SyntheticResults(200000, 5);
  for (int delay_ms : {1, 20, 60}) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto store = RunStore::Open(path);
      for (int i = 0;; ++i)
        store->Save(SyntheticRunRecord(
                        "killed-" + std::to_string(delay_ms) + "-" + std::to_string(i), i, results),
                    results);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
  }
  auto store = RunStore::Open(path);
  for (const RunRecord& run : store->List(0)) ExpectSameTable(results, store->LoadResults(run.id));
  EXPECT_EQ(CountRows(path, "run_columns"), CountRows(path, "runs") * 14);
}

TEST(RunStoreTest, DefaultLocationAndDispatch) {
  unsetenv("ACCTSEG_STORE");
  EXPECT_EQ(RunStore::DefaultLocation(), "acctseg-runs.sqlite");
  setenv("ACCTSEG_STORE", "postgresql://team@db.example/acctseg", 1);
  EXPECT_EQ(RunStore::DefaultLocation(), "postgresql://team@db.example/acctseg");
  unsetenv("ACCTSEG_STORE");
}

TEST(RunStoreTest, PostgresLocationsNeverShowThePassword) {
  PostgresTarget target =
      DescribePostgresUri("postgresql://ana:s3cret@db.internal:6543/acctseg?sslmode=require");
  EXPECT_EQ(target.location, "postgresql://ana@db.internal:6543/acctseg?sslmode=require");
  EXPECT_EQ(target.address, "db.internal:6543/acctseg");
  EXPECT_EQ(target.user, "ana");
  target = DescribePostgresUri("postgres://db.internal/runs?user=bo&password=s3cret");
  EXPECT_EQ(target.location, "postgres://db.internal/runs?user=bo");
  EXPECT_EQ(target.address, "db.internal:5432/runs");
  EXPECT_EQ(target.unusable, "");
  // A password holding '@', '/' or '?' as written (a generated one, pasted
  // raw): cut at the last '@' before the parameters, never shown; '/' and
  // '?' make the URI unusable, said before libpq could echo a piece of it.
  for (const char* uri : {"postgresql://ana:Sup3r/Secret@db:6543/crm?table=t",
                          "postgresql://ana:Sup3r?Secret@db:6543/crm?table=t",
                          "postgresql://ana:a@b/c?d@db:6543/crm?table=t"}) {
    target = DescribePostgresUri(uri);
    EXPECT_EQ(target.location, "postgresql://ana@db:6543/crm?table=t") << uri;
    EXPECT_EQ(target.address, "db:6543/crm") << uri;
    EXPECT_NE(target.unusable.find("percent-encode it"), std::string::npos) << uri;
    EXPECT_EQ(target.unusable.find("Secret"), std::string::npos) << uri;
  }
  target = DescribePostgresUri("postgresql://ana:p@ss=@db/crm?query=SELECT%20'a@b'");
  EXPECT_EQ(target.location, "postgresql://ana@db/crm?query=SELECT%20'a@b'");
  EXPECT_EQ(target.unusable, "");
}

// ---- PostgreSQL: only with ACCTSEG_TEST_PG=postgresql://... (see
// tests/e2e/store_postgres.sh, which starts a throwaway server) ----

using PostgresStoreTest = testing::PostgresSchemaTest;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

TEST_F(PostgresStoreTest, RoundTrip) {
  CheckRoundTrip([&] { return RunStore::Open(Uri()); });
  EXPECT_EQ(RunStore::Open(Uri())->location().find(":" + std::string("password")),
            std::string::npos);
}

TEST_F(PostgresStoreTest, ConcurrentSavesFromFourHandles) {
  CheckConcurrentSaves([&] { return RunStore::Open(Uri()); });
}

TEST_F(PostgresStoreTest, RefusesANewerSchema) {
  RunStore::Open(Uri());
  {
    pqxx::connection connection(Uri());
    pqxx::work tx(connection);
    tx.exec("UPDATE schema_version SET version = 99");
    tx.commit();
  }
  ExpectError(ErrorKind::kStore,
              ": the store has schema version 99, newer than this acctseg (" +
                  std::to_string(kRunStoreSchemaVersion) + "); upgrade acctseg",
              [&] { RunStore::Open(Uri()); });
}

TEST(PostgresConnectTest, WrongPasswordSaysAuthenticationFailed) {
  std::string uri = Env("ACCTSEG_TEST_PG_BAD_PASSWORD");
  if (uri.empty()) GTEST_SKIP() << "set ACCTSEG_TEST_PG_BAD_PASSWORD to run";
  try {
    RunStore::Open(uri);
    ADD_FAILURE() << "a wrong password was accepted";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kStore);
    EXPECT_NE(message.find("authentication failed"), std::string::npos) << message;
    std::string password = uri.substr(0, uri.rfind('@'));
    password = password.substr(password.rfind(':') + 1);
    EXPECT_EQ(message.find(password), std::string::npos) << "the password leaked: " << message;
  }
}

TEST(PostgresConnectTest, ServerDownSaysCannotConnect) {
  std::string uri = Env("ACCTSEG_TEST_PG_DOWN");
  if (uri.empty()) GTEST_SKIP() << "set ACCTSEG_TEST_PG_DOWN to run";
  ExpectError(ErrorKind::kStore, "cannot connect to PostgreSQL at ", [&] { RunStore::Open(uri); });
}

}  // namespace
}  // namespace acctseg
