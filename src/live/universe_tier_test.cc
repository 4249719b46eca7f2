// TierIndex (universe_tier.h) orders rows exactly as the tier step sorts:
// texts compared byte by byte as std::string does (the packed 8-byte
// prefixes only shortcut that), NULLs last, ties by row.
#include "live/universe_tier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

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
      "ABCDEFGH1",  "ABCDEFGH0", "ABCDEFGH",
      "AB",         "ABC",       std::nullopt,
      "A\xC3\xA9",  "Az",        std::string("AB\0", 3),
      "",           "ABCDEFGH1", "B",
      std::nullopt, "\xFF"};
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

// Cuts at a fifth and at half of each group, by rank; labels "A", "B", "C".
class ShareCuts final : public GroupRanking {
 public:
  std::shared_ptr<const Column> GroupColumn(RunData&) const override { return nullptr; }
  std::vector<std::shared_ptr<const Column>> OrderColumns(RunData&) const override { return {}; }
  std::vector<bool> Descending() const override { return {true}; }
  std::vector<int64_t> RankLimits(int64_t count) const override {
    return {(count + 4) / 5, (count + 1) / 2, INT64_MAX};
  }
  std::optional<std::string_view> Label(int64_t rank, int64_t count,
                                        std::optional<int64_t>) const override {
    const std::vector<int64_t> limits = RankLimits(count);
    return rank <= limits[0] ? "A" : rank <= limits[1] ? "B" : "C";
  }
  int OutputSlot() const override { return 0; }
};

// Labels takes a moved row's rank from its move only where no later change
// in its group can have carried it across a cut: whatever rows move,
// between two groups or within one, each label is the one its exact rank
// gives.
TEST(TierIndex, LabelsAreThoseOfTheExactRanks) {
  ShareCuts cuts;
  TierIndex index(cuts);
  std::mt19937_64 random(12);
  const size_t rows_count = 3000;
  std::vector<int32_t> rows(rows_count);
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<std::optional<int64_t>> groups(rows_count), scores(rows_count);
  for (size_t i = 0; i < rows_count; ++i) {
    groups[i] = static_cast<int64_t>(random() % 2);
    scores[i] = static_cast<int64_t>(random() % 1000000);
  }
  index.Update(rows, NumberColumn(groups).get(), {NumberColumn(scores)});
  index.Settle();
  size_t labelled = 0;
  for (int round = 0; round < 200; ++round) {
    // Up to 400 distinct rows, in order, most to the other group (a
    // family's move), some to a new score in their own. Every third round
    // rows of one group all move to the other, each with a score above all
    // before it: every later move comes before it there, so its rank drifts
    // by exactly the moves after it, as far as Labels allows.
    const bool onto_the_top = round % 3 == 0;
    std::vector<int32_t> moved;
    for (int32_t row = 0; row < static_cast<int32_t>(rows_count); ++row)
      if (onto_the_top ? *groups[row] == round % 2 && random() % 1000 < 250
                       : random() % 1000 < 1 + static_cast<uint64_t>(round) % 130)
        moved.push_back(row);
    std::vector<std::optional<int64_t>> group(moved.size()), score(moved.size());
    for (size_t i = 0; i < moved.size(); ++i) {
      const bool other = onto_the_top || random() % 4 != 0;
      group[i] = other ? 1 - *groups[moved[i]] : *groups[moved[i]];
      score[i] = onto_the_top ? static_cast<int64_t>(1000000 + round * 1000 + i)
                              : static_cast<int64_t>(random() % 1000000);
    }
    index.Update(moved, NumberColumn(group).get(), {NumberColumn(score)});
    const std::vector<std::optional<std::string_view>> labels = index.Labels(moved);
    ASSERT_EQ(labels.size(), moved.size());
    for (size_t i = 0; i < moved.size(); ++i) {
      const int32_t row = moved[i];
      EXPECT_EQ(labels[i], cuts.Label(index.Rank(row), index.GroupSize(row), std::nullopt))
          << "round " << round << " row " << row;
      groups[row] = group[i];
    }
    labelled += moved.size();
    index.NearCuts(moved);
  }
  EXPECT_GT(labelled, 10000u);
  // Rows that stayed, and rows not of the last Update, are labelled too.
  const std::vector<std::optional<std::string_view>> all = index.Labels(rows);
  for (size_t i = 0; i < rows_count; ++i)
    EXPECT_EQ(all[i], cuts.Label(index.Rank(rows[i]), index.GroupSize(rows[i]), std::nullopt));
}

// The lower edge of the drift, exactly: a row moves in at rank L + k, then
// the k rows ranked first move out, so it ends at a cut's limit L, k
// places up, with k changes after it. In the same Update a row given with
// its keys unchanged, and the columns' rows in another order (column_rows).
TEST(TierIndex, LabelsHoldWhenTheDriftEndsOnALimit) {
  ShareCuts cuts;
  TierIndex index(cuts);
  std::vector<int64_t> groups, scores;  // per row, as the index has them
  for (int64_t i = 0; i < 1200; ++i) {
    groups.push_back(i < 1000 ? 0 : 1);
    scores.push_back(2 * (i < 1000 ? 1000 - i : i));  // even, distinct
  }
  std::vector<int32_t> all(groups.size());
  std::iota(all.begin(), all.end(), 0);
  auto column = [](const std::vector<int64_t>& values) {
    std::vector<std::optional<int64_t>> optional(values.begin(), values.end());
    return NumberColumn(optional);
  };
  index.Update(all, column(groups).get(), {column(scores)});
  index.Settle();
  int32_t next_tracked = 1000;
  for (int64_t k : {1, 5, 40, 150}) {
    for (int cut = 0; cut < 2; ++cut) {
      // Group 0's rows, highest score first.
      std::vector<int32_t> first;
      for (int32_t row : all)
        if (groups[row] == 0) first.push_back(row);
      std::sort(first.begin(), first.end(),
                [&](int32_t a, int32_t b) { return scores[a] > scores[b]; });
      const int64_t count = static_cast<int64_t>(first.size()) + 1 - k;
      const int64_t limit = cuts.RankLimits(count)[static_cast<size_t>(cut)];
      const int64_t placed = limit + k;  // its rank when it moves in
      const int32_t tracked = next_tracked++;
      const int32_t unchanged = 1199;
      std::vector<int32_t> rows = {tracked};
      std::vector<int64_t> group = {0}, score = {scores[first[placed - 2]] - 1};
      for (int64_t top = 0; top < k; ++top) {
        rows.push_back(first[top]);
        group.push_back(1);
        score.push_back(scores[first[top]]);
      }
      rows.push_back(unchanged);
      group.push_back(groups[unchanged]);
      score.push_back(scores[unchanged]);
      // Row i's values at place size - 1 - i of the columns.
      const size_t size = rows.size();
      std::vector<size_t> places(size);
      std::vector<int64_t> group_column(size), score_column(size);
      for (size_t i = 0; i < size; ++i) {
        places[i] = size - 1 - i;
        group_column[places[i]] = group[i];
        score_column[places[i]] = score[i];
      }
      index.Update(rows, column(group_column).get(), {column(score_column)}, places);
      ASSERT_EQ(index.Rank(tracked), limit) << "k " << k << " cut " << cut;
      const std::vector<std::optional<std::string_view>> labels = index.Labels(rows);
      for (size_t i = 0; i < size; ++i) {
        EXPECT_EQ(labels[i],
                  cuts.Label(index.Rank(rows[i]), index.GroupSize(rows[i]), std::nullopt))
            << "k " << k << " cut " << cut << " row " << rows[i];
        groups[rows[i]] = group[i];
        scores[rows[i]] = score[i];
      }
      std::vector<int32_t> sorted = rows;
      std::sort(sorted.begin(), sorted.end());
      index.NearCuts(sorted);
    }
  }
}

}  // namespace
}  // namespace acctseg
