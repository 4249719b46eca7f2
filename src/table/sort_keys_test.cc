#include "table/sort_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace acctseg {
namespace {

Column Numbers(const std::vector<std::optional<int64_t>>& values) {
  Column c = Column::Make(DataType::Int64(), values.size(), true);
  for (size_t i = 0; i < values.size(); ++i) {
    c.nulls.Set(i, !values[i].has_value());
    c.ints.Set(i, values[i].value_or(0));
  }
  return c;
}

Column Strings(const std::vector<std::string>& values) {
  Column c = Column::Make(DataType::String(), values.size(), false);
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t i = 0; i < values.size(); ++i) c.codes.Set(i, dictionary->Intern(values[i]));
  c.dictionary = dictionary;
  return c;
}

std::vector<int32_t> AllRows(size_t n) {
  std::vector<int32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

std::vector<int32_t> Sorted(const std::vector<SortColumn>& columns, std::vector<int32_t> rows,
                            int threads = 1) {
  SortKeys(columns, threads).Sort(rows, threads);
  return rows;
}

TEST(SortKeysTest, NumbersAscendingWithTiesInRowOrderAndNullsLast) {
  Column c = Numbers({3, std::nullopt, -5, 3, 0});
  EXPECT_EQ(Sorted({{&c}}, AllRows(5)), (std::vector<int32_t>{2, 4, 0, 3, 1}));
}

TEST(SortKeysTest, DescendingAndNullsFirst) {
  Column c = Numbers({3, std::nullopt, -5, 3, 0});
  EXPECT_EQ(Sorted({{&c, true}}, AllRows(5)), (std::vector<int32_t>{0, 3, 4, 2, 1}));
  EXPECT_EQ(Sorted({{&c, false, true}}, AllRows(5)), (std::vector<int32_t>{1, 2, 4, 0, 3}));
  EXPECT_EQ(Sorted({{&c, true, true}}, AllRows(5)), (std::vector<int32_t>{1, 0, 3, 4, 2}));
}

TEST(SortKeysTest, ExtremeValuesKeepTheirOrder) {
  Column c = Numbers({INT64_MAX, INT64_MIN, std::nullopt, 0, INT64_MIN});
  EXPECT_EQ(Sorted({{&c}}, AllRows(5)), (std::vector<int32_t>{1, 4, 3, 0, 2}));
  EXPECT_EQ(Sorted({{&c, true, true}}, AllRows(5)), (std::vector<int32_t>{2, 0, 3, 1, 4}));
}

TEST(SortKeysTest, StringsInByteOrderThenASecondKey) {
  // Shared 16-byte prefixes and a zero byte test the full comparison.
  Column s = Strings(
      {"b", "abcdefghijklmnopZ", "a", std::string("a\0", 2), "abcdefghijklmnopA", "B", "b"});
  Column n = Numbers({2, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(Sorted({{&s}, {&n}}, AllRows(7)), (std::vector<int32_t>{5, 2, 3, 4, 1, 6, 0}));
  EXPECT_EQ(Sorted({{&s, true}, {&n, true}}, AllRows(7)),
            (std::vector<int32_t>{0, 6, 1, 4, 3, 2, 5}));
}

TEST(SortKeysTest, ByteOrderRanksOfADictionary) {
  Dictionary d;
  for (const char* text : {"pear", "", "apple", "\xff", "Zebra"}) d.Intern(text);
  EXPECT_EQ(ByteOrderRanks(d, 2), (std::vector<uint32_t>{3, 0, 2, 4, 1}));
}

// Texts that share their first 12 bytes (the part an entry carries), hold
// zero bytes and high bytes, against a plain sort of the texts.
TEST(SortKeysTest, ByteOrderRanksMatchAPlainSortOfTheTexts) {
  std::mt19937_64 rng(5);
  const std::string alphabet(
      "a\0\xff"
      "Z0",
      5);
  Dictionary d;
  std::vector<std::string> texts;
  while (texts.size() < 20000) {
    std::string text = rng() % 2 ? "ACCT-0000012" : "";  // a 12-byte shared prefix or none
    for (size_t i = 0, n = rng() % 8; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    if (d.Find(text)) continue;
    d.Intern(text);
    texts.push_back(text);
  }
  std::vector<std::string> sorted = texts;
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> ranks = ByteOrderRanks(d, 2);
  for (size_t code = 0; code < texts.size(); ++code)
    ASSERT_EQ(sorted[ranks[code]], texts[code]) << code;
}

// The packed paths (64 and 128 bits) and the comparison fallback against a
// plain comparison of the column values, on a selection big enough for the
// parallel sort, at several thread counts.
TEST(SortKeysTest, EveryPathMatchesAPlainComparison) {
  std::mt19937_64 rng(11);
  const size_t n = 300000;
  std::vector<std::optional<int64_t>> narrow(n), wide(n), full(n);
  for (size_t i = 0; i < n; ++i) {
    narrow[i] = rng() % 7 == 0 ? std::nullopt : std::optional<int64_t>(rng() % 50);
    wide[i] = static_cast<int64_t>(rng() % 4000000000ull) - 2000000000;
    full[i] = rng() % 5 == 0 ? std::nullopt : std::optional<int64_t>(static_cast<int64_t>(rng()));
  }
  Column a = Numbers(narrow), b = Numbers(wide), c = Numbers(full);
  std::vector<int32_t> selection;
  for (size_t i = 0; i < n; i += 1 + rng() % 3) selection.push_back(static_cast<int32_t>(i));
  auto compare = [](const std::vector<std::optional<int64_t>>& v, bool descending, bool nulls_first,
                    int32_t x, int32_t y) {
    if (!v[x] || !v[y]) return !v[x] == !v[y] ? 0 : (!v[x] == nulls_first ? -1 : 1);
    if (*v[x] == *v[y]) return 0;
    return (*v[x] < *v[y]) != descending ? -1 : 1;
  };
  const std::vector<std::vector<SortColumn>> cases = {
      {{&a}, {&b, true}},                           // 64 bits
      {{&b}, {&b, true, true}, {&a, false, true}},  // 128 bits
      {{&a, true, true}, {&c}, {&b}},               // over 128: the comparison
  };
  const std::vector<std::vector<const std::vector<std::optional<int64_t>>*>> values = {
      {&narrow, &wide}, {&wide, &wide, &narrow}, {&narrow, &full, &wide}};
  for (size_t k = 0; k < cases.size(); ++k) {
    std::vector<int32_t> expected = selection;
    std::stable_sort(expected.begin(), expected.end(), [&](int32_t x, int32_t y) {
      for (size_t i = 0; i < cases[k].size(); ++i) {
        int r = compare(*values[k][i], cases[k][i].descending, cases[k][i].nulls_first, x, y);
        if (r != 0) return r < 0;
      }
      return false;
    });
    for (int threads : {1, 4})
      EXPECT_EQ(Sorted(cases[k], selection, threads), expected)
          << "case " << k << ", " << threads << " threads";
  }
}

}  // namespace
}  // namespace acctseg
