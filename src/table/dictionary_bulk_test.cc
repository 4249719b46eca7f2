#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "table/dictionary.h"

namespace acctseg {
namespace {

// What the codes hold before a build: the builder writes every row's code
// (the input cache hands it memory never written).
constexpr uint32_t kDirtyCode = 0xDEADBEEF;

// Texts with many repeats and many distinct values, cut into runs of
// uneven length, as the CSV reader's chunks are.
struct Rows {
  std::vector<std::string> storage;
  std::vector<std::string_view> texts;
  std::vector<uint64_t> hashes;

  explicit Rows(size_t count, uint32_t distinct, uint32_t seed) {
    std::mt19937 rng(seed);
    for (size_t i = 0; i < count; ++i)
      storage.push_back(i % 7 == 0 ? "" : "id-" + std::to_string(rng() % distinct));
    for (const std::string& s : storage) {
      texts.push_back(s);
      hashes.push_back(Dictionary::Hash(s));
    }
  }

  // The same runs with the texts packed end to end (TextRun::bytes/ends),
  // as the CSV reader keeps an id column.
  std::vector<Dictionary::TextRun> PackedRuns(size_t first_run) {
    std::vector<Dictionary::TextRun> runs = Runs(first_run);
    packed.assign(runs.size(), {});
    ends.assign(runs.size(), {});
    for (size_t r = 0; r < runs.size(); ++r) {
      for (size_t i = 0; i < runs[r].count; ++i) {
        packed[r].append(runs[r].texts[i]);
        ends[r].push_back(static_cast<uint32_t>(packed[r].size()));
      }
      runs[r] = {nullptr, runs[r].hashes, runs[r].count, packed[r].data(), ends[r].data()};
    }
    return runs;
  }
  std::vector<std::string> packed;
  std::vector<std::vector<uint32_t>> ends;

  std::vector<Dictionary::TextRun> Runs(size_t first_run) const {
    std::vector<Dictionary::TextRun> runs;
    for (size_t begin = 0, size = first_run; begin < texts.size();
         begin += size, size = size * 3 / 2 + 1) {
      size_t count = std::min(size, texts.size() - begin);
      runs.push_back({texts.data() + begin, hashes.data() + begin, count});
    }
    return runs;
  }
};

void ExpectSameAsInterning(Rows& rows, int threads, size_t first_run, bool packed = false,
                           size_t wave_items = Dictionary::kWaveItems,
                           size_t slot_rows = Dictionary::kSlotRows) {
  Dictionary sequential;
  std::vector<uint32_t> expected;
  for (std::string_view text : rows.texts) expected.push_back(sequential.Intern(text));

  std::vector<uint32_t> codes(rows.texts.size(), kDirtyCode);
  auto built =
      Dictionary::BuildInRowOrder(packed ? rows.PackedRuns(first_run) : rows.Runs(first_run),
                                  threads, codes.data(), wave_items, slot_rows);
  EXPECT_EQ(codes, expected);
  ASSERT_EQ(built->size(), sequential.size());
  for (uint32_t code = 0; code < built->size(); ++code) {
    ASSERT_EQ(built->Get(code), sequential.Get(code));
    ASSERT_EQ(built->Find(sequential.Get(code)), code);
  }
  EXPECT_FALSE(built->Find("not-there").has_value());
}

TEST(DictionaryBulkTest, MostlyDistinctMatchesInterningAtAnyThreadCount) {
  Rows rows(300000, 1u << 30, 1);
  for (int threads : {1, 2, 5}) ExpectSameAsInterning(rows, threads, 1000);
}

TEST(DictionaryBulkTest, ManyRepeatsMatchInterning) {
  Rows rows(200000, 5000, 2);
  ExpectSameAsInterning(rows, 3, 17);
}

TEST(DictionaryBulkTest, PackedTextsMatchInterning) {
  Rows many(200000, 5000, 4);
  ExpectSameAsInterning(many, 2, 17, /*packed=*/true);
  Rows distinct(100000, 1u << 30, 5);
  ExpectSameAsInterning(distinct, 2, 1000, /*packed=*/true);
}

// Entries adopted where they are (the predict step's reasons): texts of
// every kind — repeated, empty, and long enough (200 bytes) for a length of
// two bytes — give the codes and entries interning gives, the entries are
// the rows' own bytes, and the dictionary grows past them afterwards.
TEST(DictionaryBulkTest, AdoptedEntriesMatchInterningAndStayWhereTheyAre) {
  Rows rows(100000, 40000, 8);
  for (size_t i = 0; i < rows.storage.size(); i += 101) rows.storage[i] += std::string(200, 'x');
  for (size_t i = 0; i < rows.storage.size(); ++i) {
    rows.texts[i] = rows.storage[i];
    rows.hashes[i] = Dictionary::Hash(rows.texts[i]);
  }
  Dictionary sequential;
  std::vector<uint32_t> expected;
  for (std::string_view text : rows.texts) expected.push_back(sequential.Intern(text));

  std::vector<Dictionary::TextRun> runs = rows.Runs(1000);
  std::vector<std::unique_ptr<char[]>> blocks;
  std::vector<std::vector<uint32_t>> ends(runs.size());
  for (size_t r = 0; r < runs.size(); ++r) {
    size_t bytes = 0;
    for (size_t i = 0; i < runs[r].count; ++i) bytes += 2 + runs[r].texts[i].size();
    blocks.push_back(std::make_unique<char[]>(bytes));
    char* at = blocks.back().get();
    for (size_t i = 0; i < runs[r].count; ++i) {
      at = dictionary_entry::Put(runs[r].texts[i], at);
      ends[r].push_back(static_cast<uint32_t>(at - blocks.back().get()));
    }
    runs[r] = {nullptr, runs[r].hashes, runs[r].count, blocks.back().get(), ends[r].data(), true};
  }
  const char* first_block = blocks.front().get();
  std::vector<uint32_t> codes(rows.texts.size(), kDirtyCode);
  auto adopted = Dictionary::AdoptInRowOrder(runs, std::move(blocks), 2, codes.data());
  EXPECT_EQ(codes, expected);
  ASSERT_EQ(adopted->size(), sequential.size());
  for (uint32_t code = 0; code < adopted->size(); ++code) {
    ASSERT_EQ(adopted->Get(code), sequential.Get(code));
    ASSERT_EQ(adopted->Find(sequential.Get(code)), code);
  }
  // Row 0's text (200 bytes) sits in the first block behind its two-byte
  // length, and row 1's right after it.
  EXPECT_EQ(adopted->Get(codes[0]).data(), first_block + 2);
  EXPECT_EQ(adopted->Get(codes[1]).data(), first_block + ends[0][0] + 1);
  EXPECT_EQ(adopted->Intern("brand-new"), sequential.size());
  EXPECT_EQ(adopted->Get(static_cast<uint32_t>(sequential.size())), "brand-new");

  std::vector<Dictionary::TextRun> plain = rows.Runs(1000);
  EXPECT_THROW(Dictionary::AdoptInRowOrder(plain, {}, 1, codes.data()), std::invalid_argument);
}

// Hashes that put every text in one register of the distinct-count estimate,
// which then guesses a handful: the table starts far too small, fills up,
// is rebuilt bigger until everything fits, and ends at half load at most.
TEST(DictionaryBulkTest, AnEstimateFarBelowTheTruthStillBuildsTheWholeDictionary) {
  std::vector<std::string> storage;
  for (int i = 0; i < 100000; ++i) storage.push_back("u" + std::to_string(i));
  std::vector<std::string_view> texts(storage.begin(), storage.end());
  std::vector<uint64_t> hashes;
  for (size_t i = 0; i < texts.size(); ++i) hashes.push_back(i);
  std::vector<uint32_t> codes(texts.size(), kDirtyCode);
  auto built =
      Dictionary::BuildInRowOrder({{texts.data(), hashes.data(), texts.size()}}, 2, codes.data());
  ASSERT_EQ(built->size(), texts.size());
  for (size_t row = 0; row < texts.size(); row += 97) {
    ASSERT_EQ(codes[row], row);
    ASSERT_EQ(built->Get(static_cast<uint32_t>(row)), texts[row]);
  }
  // The table still has room: a new text gets the next code, and the
  // (made-up) hashes of the built entries do not confuse it.
  EXPECT_EQ(built->Intern("brand-new"), texts.size());
  EXPECT_EQ(built->Find("brand-new"), texts.size());
}

TEST(DictionaryBulkTest, SmallAndEmptyInputs) {
  Rows rows(10, 3, 3);
  ExpectSameAsInterning(rows, 2, 1);
  std::vector<Dictionary::TextRun> none;
  auto empty = Dictionary::BuildInRowOrder(none, 2, nullptr);
  EXPECT_EQ(empty->size(), 0u);
}

// Waves of a few hundred rows (the default is 16M): every wave boundary
// must leave the codes as one pass would give them.
TEST(DictionaryBulkTest, WavesMatchInterning) {
  for (size_t wave_items : {size_t{300}, size_t{5000}}) {
    SCOPED_TRACE(wave_items);
    Rows rows(100000, 7000, 3);
    for (int threads : {1, 3}) ExpectSameAsInterning(rows, threads, 97, true, wave_items);
  }
}

// The path of inputs of 2^24 rows or more, where each slot's tag waits
// beside the slots while the table is built, taken here with fewer rows.
TEST(DictionaryBulkTest, TagsKeptBesideTheSlotsMatchInterning) {
  Rows distinct(200000, 1u << 30, 6);
  ExpectSameAsInterning(distinct, 2, 1000, false, Dictionary::kWaveItems, /*slot_rows=*/0);
  Rows repeats(100000, 7000, 7);
  ExpectSameAsInterning(repeats, 3, 97, true, /*wave_items=*/5000, /*slot_rows=*/0);
}

// Hashes whose home slots are the last few of the first range: its probes
// run off the end at once, so most rows take the spill path.
TEST(DictionaryBulkTest, ProbesRunningOffARangeSpillAndStillMatch) {
  std::vector<std::string> storage;
  for (int i = 0; i < 40000; ++i) storage.push_back("t" + std::to_string(i % 3000));
  std::vector<std::string_view> texts(storage.begin(), storage.end());
  std::vector<uint64_t> hashes;
  for (size_t i = 0; i < texts.size(); ++i) hashes.push_back(65530 + i % 3000 % 4);
  std::vector<uint32_t> codes(texts.size(), kDirtyCode);
  for (size_t wave_items : {Dictionary::kWaveItems, size_t{1000}}) {
    for (size_t slot_rows : {Dictionary::kSlotRows, size_t{0}}) {
      auto built = Dictionary::BuildInRowOrder({{texts.data(), hashes.data(), texts.size()}}, 2,
                                               codes.data(), wave_items, slot_rows);
      ASSERT_EQ(built->size(), 3000u);
      for (size_t row = 0; row < texts.size(); ++row) ASSERT_EQ(codes[row], row % 3000);
    }
  }
}

}  // namespace
}  // namespace acctseg
