// The input cache: hits where the read is the same (a rerun, a copied file),
// misses where anything that changes the parse changed (a byte of the file,
// a column's type, a reading rule), damaged entries refused and replaced,
// eviction of the least recently used, and nothing written when it is off.
#include "cache/input_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "cache/cache_key.h"
#include "cache/cached_read.h"
#include "common/error.h"
#include "io/table_file.h"

namespace acctseg {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccounts =
    "id,name,employees,arr,joined,seen,extra\n"
    "a1,\"Acme, Inc.\",12,100.50,2020-01-02,2024-05-01T10:00:00,x\n"
    "a2,Zürich AG, ,7,2021-03-04,2024-05-01 11:30:00,y\n"
    "a3,  padded  ,oops,0.01,,2024-05-01T12:00:00Z,\n"
    "a4,Acme,  40 ,,2022-12-31,,z\n";

// Everything a read gave, as one comparable text (values, NULLs, codes in
// their order, dictionaries, row lines, issues and invalid values' rows).
std::string Dump(const CsvReadResult& read) {
  std::string out = "rows " + std::to_string(read.table.row_count()) + " bytes " +
                    std::to_string(read.file_bytes) + "\n";
  for (const std::string& kept : read.kept_columns) out += "kept " + kept + "\n";
  for (size_t index : read.field_index) out += "field " + std::to_string(index) + "\n";
  for (size_t c = 0; c < read.table.column_count(); ++c) {
    const Column& column = read.table.column(c);
    out += read.table.name(c) + " " + column.type.ToString() + ":";
    for (int64_t value : column.ints.ToVector()) out += " " + std::to_string(value);
    for (uint32_t code : column.codes.ToVector()) out += " #" + std::to_string(code);
    for (size_t row = 0; row < column.nulls.size(); ++row) out += column.nulls[row] ? " N" : " -";
    if (column.dictionary)
      for (uint32_t code = 0; code < column.dictionary->size(); ++code)
        out += " [" + std::string(column.dictionary->Get(code)) + "]";
    out += "\n";
  }
  for (uint64_t line : read.row_lines.All()) out += " line " + std::to_string(line);
  for (uint64_t issues : read.row_issues) out += " issues " + std::to_string(issues);
  for (size_t c = 0; c < read.invalid_rows.size(); ++c)
    for (uint64_t row : read.invalid_rows[c])
      out += " invalid " + std::to_string(c) + "@" + std::to_string(row);
  return out;
}

class InputCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "input_cache_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    cache_.enabled = true;
    cache_.dir = dir_ + "/cache";
    path_ = Write("accounts.csv", kAccounts);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  CsvReadOptions Read(const std::string& path, int threads = 1) const {
    CsvReadOptions read;
    read.path = path;
    read.threads = threads;
    read.keep_other_columns = true;
    read.columns = {{"id", DataType::String()},       {"name", DataType::String()},
                    {"employees", DataType::Int64()}, {"arr", DataType::Decimal(2)},
                    {"joined", DataType::Date()},     {"seen", DataType::Timestamp()}};
    read.columns[2].invalid_issue_bit = 3;  // "oops" becomes NULL and an issue
    read.columns[5].utc_offset_minutes = 60;
    return read;
  }

  // The read's result, and how the cache answered.
  std::pair<std::string, CacheLookup> Through(const CsvReadOptions& read) {
    CacheLookup lookup;
    std::string dump = Dump(ReadTableFileCached(read, cache_, &lookup));
    return {dump, lookup};
  }

  std::string OnlyEntry() const {
    std::vector<fs::path> entries;
    for (const fs::directory_entry& e : fs::directory_iterator(cache_.dir))
      if (e.path().extension() == ".acache") entries.push_back(e.path());
    EXPECT_EQ(entries.size(), 1u);
    return entries.empty() ? "" : entries[0].string();
  }

  std::string dir_, path_;
  InputCacheOptions cache_;
};

TEST_F(InputCacheTest, RerunAndCopiedFileHitWithTheSameResult) {
  const std::string cold = Dump(ReadTableFile(Read(path_)));
  EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kMiss));
  EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kHit));
  EXPECT_EQ(Through(Read(path_, 2)), std::make_pair(cold, CacheLookup::kHit));
  fs::create_directory(dir_ + "/elsewhere");
  fs::copy_file(path_, dir_ + "/elsewhere/copy.csv");
  EXPECT_EQ(Through(Read(dir_ + "/elsewhere/copy.csv")), std::make_pair(cold, CacheLookup::kHit));
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 1u);
}

// Dictionaries are rebuilt in runs of 65,536 entries: an id column of
// several runs (texts of varying length, an empty one) comes back with
// every entry in its place, at one thread and at several.
TEST_F(InputCacheTest, DictionariesOfManyRunsComeBackInOrder) {
  std::string csv = "id,name,employees,arr,joined,seen\n";
  for (int row = 0; row < 150000; ++row)
    csv += "acct-" + std::string(row % 7, 'x') + std::to_string(row * 7919 % 1000003) + "," +
           (row == 70000 ? "" : "n" + std::to_string(row % 1000)) + ",1,2,2020-01-01,\n";
  const std::string path = Write("many.csv", csv);
  CsvReadOptions read = Read(path, 2);
  read.keep_other_columns = false;
  const std::string cold = Dump(ReadTableFile(read));
  EXPECT_EQ(Through(read), std::make_pair(cold, CacheLookup::kMiss));
  EXPECT_EQ(Through(read), std::make_pair(cold, CacheLookup::kHit));
  read.threads = 1;
  EXPECT_EQ(Through(read), std::make_pair(cold, CacheLookup::kHit));
}

TEST_F(InputCacheTest, ColumnsOfBitsComeBackAsBits) {
  // A boolean and a 0/1 integer over more than a word of rows, one NULL.
  std::string text = "id,active,flag\n";
  for (int row = 0; row < 70; ++row) {
    const std::string active = row == 5 ? "" : row % 3 ? "true" : "false";
    text += "b" + std::to_string(row) + "," + active + "," + std::to_string(row % 2) + "\n";
  }
  CsvReadOptions read;
  read.path = Write("flags.csv", text);
  read.columns = {
      {"id", DataType::String()}, {"active", DataType::Bool()}, {"flag", DataType::Int64()}};
  const CsvReadResult cold = ReadTableFile(read);
  ASSERT_TRUE(cold.table.Get("active")->ints.is_bits());
  ASSERT_TRUE(cold.table.Get("flag")->ints.is_bits());
  EXPECT_EQ(Through(read), std::make_pair(Dump(cold), CacheLookup::kMiss));
  CacheLookup lookup;
  const CsvReadResult hit = ReadTableFileCached(read, cache_, &lookup);
  EXPECT_EQ(lookup, CacheLookup::kHit);
  EXPECT_EQ(Dump(hit), Dump(cold));
  EXPECT_TRUE(hit.table.Get("active")->ints.is_bits());
  EXPECT_TRUE(hit.table.Get("active")->IsNull(5));
  EXPECT_EQ(hit.table.Get("flag")->ints[69], 1);
}

TEST_F(InputCacheTest, EditedByteMissesEvenWithTheSameSizeAndTime) {
  Through(Read(path_));
  const fs::file_time_type written = fs::last_write_time(path_);
  std::string edited = kAccounts;
  edited[edited.find("12,")] = '9';
  Write("accounts.csv", edited);
  fs::last_write_time(path_, written);
  auto [dump, lookup] = Through(Read(path_));
  EXPECT_EQ(lookup, CacheLookup::kMiss);
  EXPECT_EQ(dump, Dump(ReadTableFile(Read(path_))));
  EXPECT_NE(dump.find(" 92 "), std::string::npos) << dump;
}

TEST_F(InputCacheTest, ChangedTypeOrReadingRuleMisses) {
  Through(Read(path_));
  CsvReadOptions as_text = Read(path_);
  as_text.columns[2].type = DataType::String();
  EXPECT_EQ(Through(as_text).second, CacheLookup::kMiss);
  CsvReadOptions untrimmed = Read(path_);
  untrimmed.columns[1].trim = false;
  EXPECT_EQ(Through(untrimmed), std::make_pair(Dump(ReadTableFile(untrimmed)), CacheLookup::kMiss));
  CsvReadOptions null_empty = Read(path_);
  null_empty.columns[1].empty_is_null = true;
  EXPECT_EQ(Through(null_empty).second, CacheLookup::kMiss);
  CsvReadOptions other_zone = Read(path_);
  other_zone.columns[5].utc_offset_minutes = 0;
  EXPECT_EQ(Through(other_zone).second, CacheLookup::kMiss);
  // Another encoding, over a file that reads the same in both (a UTF-8
  // file with accents declared latin1 is refused before the cache).
  const std::string ascii = dir_ + "/ascii.csv";
  std::ofstream(ascii) << "id,name,employees,arr,joined,seen,extra\n"
                          "a1,Acme,3,1.50,2021-03-04,2024-05-01T11:30:00Z,y\n";
  Through(Read(ascii));
  CsvReadOptions latin1 = Read(ascii);
  latin1.format.encoding = TextEncoding::kLatin1;
  EXPECT_EQ(Through(latin1).second, CacheLookup::kMiss);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 7u);
  // A copy named .tsv is read with another delimiter: another read.
  EXPECT_NE(DescribeRead(Read(path_)), DescribeRead(Read(dir_ + "/a.tsv")));
}

TEST_F(InputCacheTest, TruncatedOrFlippedEntryIsReadAgainAndReplaced) {
  const std::string cold = Dump(ReadTableFile(Read(path_)));
  Through(Read(path_));
  const std::string entry = OnlyEntry();
  const uintmax_t size = fs::file_size(entry);
  for (uintmax_t cut : {size / 2, size - 1, uintmax_t{12}, uintmax_t{0}}) {
    fs::resize_file(entry, cut);
    EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kRejected)) << cut;
    EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kHit)) << cut;
  }
  std::ifstream whole(entry, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(whole)), {});
  const uintmax_t in_text = bytes.find("Acme, Inc.");  // a dictionary's bytes
  ASSERT_NE(in_text, std::string::npos);
  for (uintmax_t at : {uintmax_t{9}, uintmax_t{40}, in_text, size / 2, size - 70}) {
    std::fstream file(entry, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(at);
    char byte = static_cast<char>(file.get());
    file.seekp(at);
    file.put(static_cast<char>(byte ^ 0x20));
    file.close();
    EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kRejected)) << at;
    EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kHit)) << at;
  }
}

// A cache directory may be shared: a link or a pipe planted in an entry's
// place is neither read nor written through (a link made the next run
// overwrite the file it led to; a pipe would block the run).
TEST_F(InputCacheTest, ALinkOrPipeInAnEntrysPlaceIsReplacedNotFollowed) {
  const std::string cold = Dump(ReadTableFile(Read(path_)));
  Through(Read(path_));
  const std::string entry = OnlyEntry();
  const std::string victim = Write("victim.txt", "keep me\n");
  fs::remove(entry);
  fs::create_symlink(victim, entry);
  EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kRejected));
  std::ifstream kept(victim, std::ios::binary);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(kept)), {}), "keep me\n");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(entry))) << "the link should be replaced";
  EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kHit));

  fs::remove(entry);
  ASSERT_EQ(::mkfifo(entry.c_str(), 0600), 0);
  EXPECT_EQ(Through(Read(path_)), std::make_pair(cold, CacheLookup::kRejected));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(entry))) << "the pipe should be replaced";
  // What a link leads to is not counted as the cache's.
  fs::remove(entry);
  fs::create_symlink(victim, entry);
  EXPECT_EQ(InspectInputCache(cache_.dir).bytes, 0u);
}

TEST_F(InputCacheTest, ReadErrorsAreNotCachedAndStayTheSame) {
  const std::string bad = Write("bad.csv", "id,name,employees,arr,joined,seen\na1,x,1,1,\n");
  std::string cold, cached;
  try {
    ReadTableFile(Read(bad));
  } catch (const Error& e) {
    cold = e.what();
  }
  try {
    ReadTableFileCached(Read(bad), cache_);
  } catch (const Error& e) {
    cached = e.what();
  }
  EXPECT_FALSE(cold.empty());
  EXPECT_EQ(cached, cold);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 0u);
}

TEST_F(InputCacheTest, OffWritesNothing) {
  cache_.enabled = false;
  EXPECT_EQ(Through(Read(path_)).second, CacheLookup::kBypassed);
  EXPECT_FALSE(fs::exists(cache_.dir));
  EXPECT_FALSE(InputReaderFor(cache_));
}

TEST_F(InputCacheTest, LeastRecentlyUsedEntriesAreEvictedOverTheLimit) {
  std::vector<std::string> paths;
  for (int i = 0; i < 3; ++i) {
    paths.push_back(
        Write("v" + std::to_string(i) + ".csv",
              std::string(kAccounts) + "a" + std::to_string(5 + i) + ",n,1,1,2020-01-01,,\n"));
    Through(Read(paths.back()));
  }
  const InputCacheUsage usage = InspectInputCache(cache_.dir);
  ASSERT_EQ(usage.entries, 3u);
  // Entries alike in size; the first is used again, so the second is oldest.
  std::vector<fs::path> entries;
  for (const fs::directory_entry& e : fs::directory_iterator(cache_.dir)) entries.push_back(e);
  const auto now = fs::file_time_type::clock::now();
  for (size_t i = 0; i < entries.size(); ++i)
    fs::last_write_time(entries[i], now - std::chrono::hours(10 + i));
  EXPECT_EQ(Through(Read(paths[0])).second, CacheLookup::kHit);  // touched: the newest
  EvictInputCache(cache_.dir, usage.bytes - 1);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 2u);
  EXPECT_EQ(Through(Read(paths[0])).second, CacheLookup::kHit);
  EvictInputCache(cache_.dir, 0);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 0u);
  // A limit smaller than one entry keeps nothing.
  cache_.max_bytes = 10;
  EXPECT_EQ(Through(Read(paths[1])).second, CacheLookup::kMiss);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 0u);
  // An entry over the limit is not kept, and does not evict the entries
  // under it that fit.
  cache_.max_bytes = 1 << 20;
  Through(Read(paths[0]));
  const uint64_t small = InspectInputCache(cache_.dir).bytes;
  ASSERT_EQ(InspectInputCache(cache_.dir).entries, 1u);
  std::string big = kAccounts;
  for (int i = 0; i < 2000; ++i) big += std::to_string(10 + i) + ",n,1,1,2020-01-01,,\n";
  cache_.max_bytes = small * 3;
  EXPECT_EQ(Through(Read(Write("big.csv", big))).second, CacheLookup::kMiss);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 1u);
  EXPECT_EQ(Through(Read(paths[0])).second, CacheLookup::kHit);
}

TEST_F(InputCacheTest, EntryOverTheLimitIsNotWrittenAtAll) {
  const CsvReadResult result =
      ReadTableFile(Read(Write("a.csv", kAccounts + std::string("a1,n,1,1,2020-01-01,,\n"))));
  const std::string entry = (fs::path(dir_) / "entry").string();
  EXPECT_FALSE(WriteCachedRead(entry, "key", result, 10));
  EXPECT_FALSE(fs::exists(entry));
  EXPECT_TRUE(WriteCachedRead(entry, "key", result, UINT64_MAX));
  EXPECT_TRUE(fs::exists(entry));
}

TEST_F(InputCacheTest, ClearRemovesEveryEntry) {
  Through(Read(path_));
  EXPECT_EQ(ClearInputCache(cache_.dir).entries, 1u);
  EXPECT_EQ(InspectInputCache(cache_.dir).entries, 0u);
  EXPECT_EQ(Through(Read(path_)).second, CacheLookup::kMiss);
}

TEST_F(InputCacheTest, DefaultDirectoryFollowsTheEnvironment) {
  std::vector<std::pair<std::string, std::optional<std::string>>> saved;
  for (const char* name : {"ACCTSEG_CACHE_DIR", "XDG_CACHE_HOME", "HOME"}) {
    const char* value = std::getenv(name);
    saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
  }
  ::setenv("ACCTSEG_CACHE_DIR", "/x/acctseg-cache", 1);
  EXPECT_EQ(DefaultInputCacheDir(), "/x/acctseg-cache");
  ::unsetenv("ACCTSEG_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  EXPECT_EQ(DefaultInputCacheDir(), "/x/xdg/acctseg");
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/x/home", 1);
  EXPECT_EQ(DefaultInputCacheDir(), "/x/home/.cache/acctseg");
  for (const auto& [name, value] : saved)
    value ? ::setenv(name.c_str(), value->c_str(), 1) : ::unsetenv(name.c_str());
}

}  // namespace
}  // namespace acctseg
