// TierIndex (universe_tier.h) orders rows exactly as the tier step sorts:
// texts compared byte by byte as std::string does (the packed 8-byte
// prefixes only shortcut that), NULLs last, ties by row.
#include "live/universe_tier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace acctseg {
namespace {

// One group, one text order key, ASC or DESC; no cuts.
class TextOrder final : public GroupRanking {
 public:
  explicit TextOrder(bool descending) : descending_(descending) {}
  std::shared_ptr<const Column> GroupColumn(RunData&) const override { return nullptr; }
  std::vector<std::shared_ptr<const Column>> OrderColumns(RunData&) const override { return {}; }
  std::vector<bool> Descending() const override { return {descending_}; }
  std::vector<int64_t> RankLimits(int64_t) const override { return {}; }
  std::optional<std::string_view> Label(int64_t, int64_t, std::optional<int64_t>) const override {
    return std::nullopt;
  }
  int OutputSlot() const override { return 0; }

 private:
  bool descending_;
};

std::shared_ptr<const Column> TextColumn(const std::vector<std::optional<std::string>>& texts) {
  auto column = std::make_shared<Column>(Column::Make(DataType::String(), texts.size(), true));
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->Intern("");
  for (size_t i = 0; i < texts.size(); ++i) {
    column->nulls.Set(i, !texts[i]);
    column->codes.Set(i, texts[i] ? dictionary->Intern(*texts[i]) : 0);
  }
  column->dictionary = dictionary;
  return column;
}

void ExpectRanksAsSorted(const std::vector<std::optional<std::string>>& texts, bool descending) {
  TextOrder order(descending);
  TierIndex index(order);
  std::vector<int32_t> rows(texts.size());
  std::iota(rows.begin(), rows.end(), 0);
  index.Update(rows, nullptr, {TextColumn(texts)});
  std::vector<int32_t> sorted = rows;
  std::stable_sort(sorted.begin(), sorted.end(), [&](int32_t a, int32_t b) {
    if (!texts[a] || !texts[b]) return texts[a] && !texts[b];  // NULLs last
    return descending ? *texts[a] > *texts[b] : *texts[a] < *texts[b];
  });
  for (size_t rank = 0; rank < sorted.size(); ++rank)
    EXPECT_EQ(index.Rank(sorted[rank]), static_cast<int64_t>(rank + 1))
        << (texts[sorted[rank]] ? *texts[sorted[rank]] : "NULL") << (descending ? " DESC" : "");
}

TEST(TierIndex, TextsOrderByteByByteWhateverTheirPrefixes) {
  const std::vector<std::optional<std::string>> texts = {
      "ABCDEFGH1", "ABCDEFGH0", "ABCDEFGH", "AB", "ABC", std::nullopt, "A\xC3\xA9", "Az",
      std::string("AB\0", 3), "", "ABCDEFGH1", "B", std::nullopt, "\xFF"};
  ExpectRanksAsSorted(texts, false);
  ExpectRanksAsSorted(texts, true);
}

TEST(TierIndex, AMovedRowTakesItsNewPlace) {
  TextOrder order(false);
  TierIndex index(order);
  index.Update({0, 1, 2}, nullptr, {TextColumn({"A000000003", "A000000001", "A000000002"})});
  EXPECT_EQ(index.Rank(0), 3);
  index.Update({0}, nullptr, {TextColumn({"A000000000"})});
  EXPECT_EQ(index.Rank(0), 1);
  EXPECT_EQ(index.Rank(1), 2);
  EXPECT_EQ(index.Rank(2), 3);
}

// One group, one integer order key, ASC or DESC, a cut at every rank.
class NumberOrder final : public GroupRanking {
 public:
  explicit NumberOrder(bool descending) : descending_(descending) {}
  std::shared_ptr<const Column> GroupColumn(RunData&) const override { return nullptr; }
  std::vector<std::shared_ptr<const Column>> OrderColumns(RunData&) const override { return {}; }
  std::vector<bool> Descending() const override { return {descending_}; }
  std::vector<int64_t> RankLimits(int64_t count) const override {
    std::vector<int64_t> limits(static_cast<size_t>(count));
    std::iota(limits.begin(), limits.end(), 1);
    return limits;
  }
  std::optional<std::string_view> Label(int64_t, int64_t, std::optional<int64_t>) const override {
    return std::nullopt;
  }
  int OutputSlot() const override { return 0; }

 private:
  bool descending_;
};

std::shared_ptr<const Column> NumberColumn(const std::vector<std::optional<int64_t>>& values) {
  auto column = std::make_shared<Column>(Column::Make(DataType::Int64(), values.size(), true));
  for (size_t i = 0; i < values.size(); ++i) {
    column->nulls.Set(i, !values[i]);
    column->ints.Set(i, values[i].value_or(0));
  }
  return column;
}

// NearCuts reads each row's first key from its group's packed entry: it
// must be FirstKey's, negative numbers, extremes and NULLs included.
TEST(TierIndex, NearCutsGiveEachRowsFirstKey) {
  const std::vector<std::optional<int64_t>> values = {
      5, -3, std::nullopt, 0, INT64_MAX, INT64_MIN, -1, 1, 5, 12345678901234, std::nullopt, 7};
  for (bool descending : {false, true}) {
    NumberOrder order(descending);
    TierIndex index(order);
    std::vector<int32_t> rows(values.size());
    std::iota(rows.begin(), rows.end(), 0);
    index.Update(rows, nullptr, {NumberColumn(values)});
    // Every row in a window: the one row moved reaches every rank.
    index.Settle();
    index.Update({3}, nullptr, {NumberColumn({-2})});
    const std::vector<TierIndex::Ranked> near = index.NearCuts({3});
    EXPECT_EQ(near.size(), values.size() - 1);
    for (const TierIndex::Ranked& ranked : near) {
      EXPECT_EQ(ranked.first_key, index.FirstKey(ranked.row)) << "row " << ranked.row;
      EXPECT_EQ(ranked.first_key, values[ranked.row]) << "row " << ranked.row;
      EXPECT_EQ(ranked.rank, index.Rank(ranked.row));
    }
  }
}

}  // namespace
}  // namespace acctseg
