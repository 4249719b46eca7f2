// Weight of evidence and information value on hand-computed tables, and the
// binning rules: quantile cuts, small-bin merging, monotone merging,
// categories with a pooled "other", missing values as a bin of their own.
#include "learn/woe_binning.h"

#include <gtest/gtest.h>

#include <cmath>

namespace acctseg::learn {
namespace {

WoeBin Counts(int64_t wins, int64_t losses) {
  WoeBin b;
  b.wins = wins;
  b.losses = losses;
  return b;
}

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

// 60 wins, 60 losses in three bins; smoothing 0.5 over B = 3 bins gives
// shares (count + 0.5) / 61.5, so woe = ln((w + 0.5) / (l + 0.5)):
// ln(10.5 / 30.5) = -1.0663514264498881, 0, +1.0663514264498881, and
// iv = 2 · (20 / 61.5) · 1.0663514264498881 = 0.693561903382041.
TEST(WoeBinning, WeightOfEvidenceOfAHandComputedTable) {
  std::vector<WoeBin> bins = {Counts(10, 30), Counts(20, 20), Counts(30, 10)};
  double iv = ComputeWoe(bins, 0.5);
  EXPECT_NEAR(bins[0].woe, -1.0663514264498881, 1e-12);
  EXPECT_NEAR(bins[1].woe, 0.0, 1e-12);
  EXPECT_NEAR(bins[2].woe, 1.0663514264498881, 1e-12);
  EXPECT_NEAR(iv, 0.693561903382041, 1e-12);
}

// A bin without wins stays finite: 20 wins and 20 losses, shares over
// 21.5, woe = ln(0.5 / 10.5) = ln(1/21) = -3.044522437723423; the empty
// bin is neutral and not counted in B.
TEST(WoeBinning, SmoothingKeepsABinWithoutWinsFinite) {
  std::vector<WoeBin> bins = {Counts(0, 10), Counts(8, 6), Counts(12, 4), Counts(0, 0)};
  double iv = ComputeWoe(bins, 0.5);
  EXPECT_NEAR(bins[0].woe, std::log(1.0 / 21), 1e-12);
  EXPECT_NEAR(bins[1].woe, std::log(8.5 / 6.5), 1e-12);
  EXPECT_NEAR(bins[2].woe, std::log(12.5 / 4.5), 1e-12);
  EXPECT_EQ(bins[3].woe, 0);
  EXPECT_NEAR(iv, 1.821161038636253, 1e-12);
}

// Values 0..99 in quintiles with 2, 8, 6, 14, 18 wins of 20: the dip in
// the third quintile is merged into the second, and three NaNs form the
// missing bin.
TEST(WoeBinning, MergesAdjacentBinsUntilTheWinRateIsMonotone) {
  Feature f;
  f.name = "x";
  std::vector<uint8_t> outcome;
  const int wins_per_quintile[] = {2, 8, 6, 14, 18};
  for (int i = 0; i < 100; ++i) {
    f.values.push_back(i);
    outcome.push_back(i % 20 < wins_per_quintile[i / 20]);
  }
  for (int i = 0; i < 3; ++i) {
    f.values.push_back(NAN);
    outcome.push_back(i == 0);
  }
  BinnedFeature binned = BinFeature(f, outcome, AllRows(103), BinningOptions{});
  ASSERT_EQ(binned.bins.size(), 5u);
  EXPECT_EQ(binned.bins[0].upper, 20);
  EXPECT_EQ(binned.bins[1].lower, 20);
  EXPECT_EQ(binned.bins[1].upper, 60);
  EXPECT_EQ(binned.bins[2].upper, 80);
  EXPECT_EQ(binned.bins[1].wins, 14);
  EXPECT_EQ(binned.bins[1].losses, 26);
  EXPECT_TRUE(binned.bins[4].is_missing);
  EXPECT_EQ(binned.bins[4].wins, 1);
  EXPECT_EQ(binned.bins[4].losses, 2);
  for (size_t i = 0; i + 2 < binned.bins.size(); ++i)
    EXPECT_LT(binned.bins[i].woe, binned.bins[i + 1].woe);
  EXPECT_EQ(binned.BinOf(f, 19), 0u);
  EXPECT_EQ(binned.BinOf(f, 20), 1u);
  EXPECT_EQ(binned.BinOf(f, 99), 3u);
  EXPECT_EQ(binned.BinOf(f, 101), 4u);
}

// 60 zeros, then 1..38, then 1000 twice: the quintile cuts at 0 would
// leave empty bins, so they move up to the next values (1, 2, 3), and the
// one-row bins that makes are merged again: 60 / 20 / 20 rows. With a
// minimum of 30% the middle bin joins its smaller neighbour.
TEST(WoeBinning, MovesRepeatedCutsAndMergesSmallBins) {
  Feature f;
  f.name = "x";
  std::vector<uint8_t> outcome;
  for (int i = 0; i < 100; ++i) {
    f.values.push_back(i < 60 ? 0 : i < 98 ? i - 59 : 1000);
    outcome.push_back(i < 60 ? i % 4 == 0 : i % 4 != 0);
  }
  BinnedFeature three = BinFeature(f, outcome, AllRows(100), BinningOptions{});
  ASSERT_EQ(three.bins.size(), 4u);
  EXPECT_EQ(three.bins[0].deals(), 60);
  EXPECT_EQ(three.bins[1].lower, 1);
  EXPECT_EQ(three.bins[2].lower, 21);
  BinningOptions coarse;
  coarse.min_bin_share = 0.3;
  BinnedFeature two = BinFeature(f, outcome, AllRows(100), coarse);
  ASSERT_EQ(two.bins.size(), 3u);
  EXPECT_EQ(two.bins[0].deals(), 60);
  EXPECT_EQ(two.bins[1].deals(), 40);
  EXPECT_EQ(two.bins[2].deals(), 0);  // no missing values: a neutral bin
  EXPECT_EQ(two.bins[2].woe, 0);
  EXPECT_EQ(two.OccupiedBins(), 2u);
}

TEST(WoeBinning, AConstantFeatureHasOneBin) {
  Feature f;
  f.name = "x";
  f.values.assign(50, 7.0);
  std::vector<uint8_t> outcome(50, 0);
  for (int i = 0; i < 50; i += 3) outcome[i] = 1;
  EXPECT_EQ(BinFeature(f, outcome, AllRows(50), BinningOptions{}).OccupiedBins(), 1u);
}

// A and B are frequent; C (3 of 100) and D (2) are pooled as "other";
// missing values have their own bin.
TEST(WoeBinning, CategoriesWithRareOnesPooled) {
  Feature f;
  f.name = "industry";
  f.kind = FeatureKind::kCategorical;
  f.categories = {"A", "B", "C", "D"};
  std::vector<uint8_t> outcome;
  auto add = [&](int32_t code, int count, int wins) {
    for (int i = 0; i < count; ++i) {
      f.codes.push_back(code);
      outcome.push_back(i < wins);
    }
  };
  add(0, 50, 10);
  add(1, 45, 30);
  add(2, 3, 3);
  add(3, 2, 0);
  add(-1, 4, 1);
  BinnedFeature binned = BinFeature(f, outcome, AllRows(104), BinningOptions{});
  ASSERT_EQ(binned.bins.size(), 4u);
  EXPECT_EQ(binned.bins[0].codes, std::vector<int32_t>{0});
  EXPECT_EQ(binned.bins[1].codes, std::vector<int32_t>{1});
  EXPECT_TRUE(binned.bins[2].is_other);
  EXPECT_EQ(binned.bins[2].codes, (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(binned.bins[2].wins, 3);
  EXPECT_EQ(binned.bins[2].losses, 2);
  EXPECT_TRUE(binned.bins[3].is_missing);
  EXPECT_EQ(binned.BinOf(f, 0), 0u);
  EXPECT_EQ(binned.BinOf(f, 99), 2u);
  EXPECT_EQ(binned.BinOf(f, 103), 3u);
  EXPECT_GT(binned.iv, 0.1);
}

}  // namespace
}  // namespace acctseg::learn
