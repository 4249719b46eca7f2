#include "learn/shap_cells.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "learn/boosted_test_data.h"

namespace acctseg::learn {
namespace {

using testing::kBoostedWidth;

// The binning's contract: values in one bin decide alike at every split
// on their feature, and numbers bin in their order (what lets a unit's
// class table stand for its splits). Checked on the training range, the
// splits' thresholds themselves, their neighbours, infinities and NaN.
TEST(ShapCells, ValuesInOneBinDecideAlikeAtEverySplit) {
  const TreeEnsemble trees = TreeEnsemble::FromXgboostUbjson(
      testing::TrainBoosted(testing::MakeBoostedData(1), 30, 6, testing::kMixedTypes)
          ->SaveUbjson());
  const ShapCells cells(trees);
  std::vector<std::vector<int32_t>> splits(kBoostedWidth);
  std::vector<std::vector<float>> values(kBoostedWidth);
  for (size_t t = 0; t < trees.trees(); ++t) {
    std::vector<int32_t> pending = {trees.Root(t)};
    while (!pending.empty()) {
      const int32_t node = pending.back();
      pending.pop_back();
      if (trees.IsLeaf(node)) continue;
      const TreeEnsemble::Split split = trees.SplitAt(node);
      splits[split.feature].push_back(node);
      if (!split.categorical)
        for (float v : {split.threshold, std::nextafter(split.threshold, -INFINITY),
                        std::nextafter(split.threshold, INFINITY)})
          values[split.feature].push_back(v);
      pending.push_back(trees.LeftChild(node));
      pending.push_back(trees.LeftChild(node) + 1);
    }
  }
  const float inf = std::numeric_limits<float>::infinity();
  for (size_t f = 0; f < kBoostedWidth; ++f) {
    for (float v : {NAN, -1.0f, 0.0f, -0.0f, 1e9f}) values[f].push_back(v);
    // Infinite category codes are no codes (the predictor's conversion of
    // one to an integer is undefined); encoders never make them.
    if (f < 3)
      for (float v : {-inf, inf}) values[f].push_back(v);
    for (int code = 0; code < 140; ++code) values[f].push_back(static_cast<float>(code) + 0.5f);
    for (int i = 0; i < 400; ++i) values[f].push_back(static_cast<float>(i) / 20 - 5);
  }
  // One row per value, every feature taking its own list's value.
  size_t rows = 0;
  for (const auto& v : values) rows = std::max(rows, v.size());
  std::vector<float> x(rows * kBoostedWidth, NAN);
  for (size_t f = 0; f < kBoostedWidth; ++f)
    for (size_t r = 0; r < values[f].size(); ++r) x[r * kBoostedWidth + f] = values[f][r];
  std::vector<ShapCells::BinCode> bins(rows * kBoostedWidth);
  cells.BinRows(x.data(), rows, bins.data());
  for (size_t f = 0; f < kBoostedWidth; ++f) {
    std::map<uint32_t, std::vector<bool>> decisions_of_bin;
    std::map<uint32_t, float> lowest_of_bin, highest_of_bin;
    for (size_t r = 0; r < rows; ++r) {
      const float v = x[r * kBoostedWidth + f];
      const uint32_t bin = bins[f * rows + r];
      ASSERT_LT(bin, cells.BinCount(f));
      std::vector<bool> decisions;
      for (int32_t node : splits[f]) decisions.push_back(trees.GoesRight(node, v));
      auto [at, added] = decisions_of_bin.emplace(bin, decisions);
      ASSERT_EQ(at->second, decisions) << "feature " << f << " value " << v << " bin " << bin;
      if (f < 3 && !std::isnan(v)) {
        auto [low, new_low] = lowest_of_bin.emplace(bin, v);
        auto [high, new_high] = highest_of_bin.emplace(bin, v);
        low->second = std::min(low->second, v);
        high->second = std::max(high->second, v);
      }
    }
    // Numeric bins are ranges in order.
    const float* previous_high = nullptr;
    for (const auto& [bin, low] : lowest_of_bin) {
      if (previous_high) {
        EXPECT_GT(low, *previous_high) << "feature " << f << " bin " << bin;
      }
      previous_high = &highest_of_bin[bin];
    }
  }
}

}  // namespace
}  // namespace acctseg::learn
