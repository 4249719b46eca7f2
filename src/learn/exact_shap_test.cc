#include "learn/exact_shap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "learn/boosted_test_data.h"

namespace acctseg::learn {
namespace {

using testing::kBoostedRows;
using testing::kBoostedWidth;
constexpr size_t kWidth = kBoostedWidth + 1;  // contributions per row, the bias last

struct Trained {
  std::unique_ptr<XgbBooster> booster;
  TreeEnsemble trees;
  testing::BoostedData unseen;
  std::vector<std::string> types;
};

Trained Train(int trees, int depth, std::vector<std::string> types) {
  std::unique_ptr<XgbBooster> booster =
      testing::TrainBoosted(testing::MakeBoostedData(1), trees, depth, types);
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostUbjson(booster->SaveUbjson());
  return {std::move(booster), std::move(ensemble), testing::MakeBoostedData(2), std::move(types)};
}

struct Shap {
  std::vector<float> margins, contributions;
};

Shap Compute(const ExactShap& shap, const std::vector<float>& x, size_t chunk = kBoostedRows) {
  Shap out{std::vector<float>(kBoostedRows), std::vector<float>(kBoostedRows * kWidth)};
  for (size_t begin = 0; begin < kBoostedRows; begin += chunk) {
    size_t rows = std::min(chunk, kBoostedRows - begin);
    shap.Compute(x.data() + begin * kBoostedWidth, rows, out.margins.data() + begin,
                 out.contributions.data() + begin * kWidth);
  }
  return out;
}

bool SameBytes(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// XGBoost's exact contributions (its TreeSHAP), and margins from our walk.
void ExpectXgboosts(const Trained& model, const Shap& got) {
  XgbMatrix matrix(model.unseen.x, kBoostedRows, model.types, 1);
  std::vector<float> expected = model.booster->Predict(matrix, 2);
  ASSERT_EQ(expected.size(), got.contributions.size());
  // The same single-precision operations in the same order: equal, not near.
  for (size_t i = 0; i < expected.size(); ++i)
    ASSERT_EQ(got.contributions[i], expected[i]) << "row " << i / kWidth << " column " << i % kWidth;
  std::vector<float> margins(kBoostedRows);
  model.trees.Margins(model.unseen.x.data(), kBoostedRows, margins.data());
  EXPECT_TRUE(SameBytes(got.margins, margins));
}

size_t CachedTrees(const ExactShap& shap, const TreeEnsemble& trees) {
  size_t cached = 0;
  for (size_t t = 0; t < trees.trees(); ++t) cached += shap.cells().Cached(t);
  return cached;
}

TEST(ExactShap, CellsGiveXgboostsContributionsOnMixedFeatures) {
  Trained model = Train(40, 5, testing::kMixedTypes);
  ExactShap shap(model.trees);
  EXPECT_EQ(CachedTrees(shap, model.trees), 40u);
  ExpectXgboosts(model, Compute(shap, model.unseen.x));
  // A second pass reads every cell from the caches the first filled.
  ExpectXgboosts(model, Compute(shap, model.unseen.x, 700));
}

TEST(ExactShap, NumericOnlyAndDeepTrees) {
  // Codes read as numbers; depth 9 paths outgrow TreeShap's fixed scratch.
  Trained model = Train(12, 9, {"q", "q", "q", "q", "q", "q"});
  ExactShap shap(model.trees);
  EXPECT_GT(CachedTrees(shap, model.trees), 0u);
  ExpectXgboosts(model, Compute(shap, model.unseen.x));
}

TEST(ExactShap, RowByRowFallbackHashAndDenseTablesAgree) {
  Trained model = Train(30, 6, testing::kMixedTypes);
  Shap reference = Compute(ExactShap(model.trees), model.unseen.x);
  ExpectXgboosts(model, reference);

  ExactShap::Options row_by_row;
  row_by_row.max_cells = 0;  // no tree gets cells: TreeSHAP for every row
  ExactShap fallback(model.trees, row_by_row);
  EXPECT_EQ(CachedTrees(fallback, model.trees), 0u);
  Shap plain = Compute(fallback, model.unseen.x);
  EXPECT_TRUE(SameBytes(plain.contributions, reference.contributions));
  EXPECT_TRUE(SameBytes(plain.margins, reference.margins));

  // Some trees cached, the others row by row: the median tree's cell count
  // as the limit.
  const ShapCells all(model.trees);
  std::vector<uint32_t> cell_counts;
  for (size_t t = 0; t < model.trees.trees(); ++t) cell_counts.push_back(all.CellCount(t));
  std::sort(cell_counts.begin(), cell_counts.end());
  ExactShap::Options some;
  some.max_cells = cell_counts[cell_counts.size() / 2];
  ExactShap mixed(model.trees, some);
  size_t cached = CachedTrees(mixed, model.trees);
  EXPECT_GT(cached, 0u);
  EXPECT_LT(cached, 30u);
  EXPECT_TRUE(SameBytes(Compute(mixed, model.unseen.x, 100).contributions,
                        reference.contributions));

  ExactShap::Options hashed;  // every tree's cells in a hash, which grows
  hashed.dense_cells = 0;
  EXPECT_TRUE(SameBytes(Compute(ExactShap(model.trees, hashed), model.unseen.x).contributions,
                        reference.contributions));

  ExactShap::Options forgetful;  // the cache starts afresh after every call
  forgetful.cache_floats = 0;
  ExactShap cleared(model.trees, forgetful);
  Compute(cleared, model.unseen.x, 500);
  EXPECT_TRUE(SameBytes(Compute(cleared, model.unseen.x, 500).contributions,
                        reference.contributions));
}

TEST(ExactShap, SameBytesWhateverTheThreads) {
  Trained model = Train(30, 6, testing::kMixedTypes);
  Shap one = Compute(ExactShap(model.trees), model.unseen.x);
  ExactShap shared(model.trees);
  Shap many{std::vector<float>(kBoostedRows), std::vector<float>(kBoostedRows * kWidth)};
  // Four threads over interleaved slices, each with its own cache.
  constexpr size_t kSlice = 128, kThreads = 4;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (size_t begin = t * kSlice; begin < kBoostedRows; begin += kThreads * kSlice) {
        size_t rows = std::min(kSlice, kBoostedRows - begin);
        shared.Compute(model.unseen.x.data() + begin * kBoostedWidth, rows,
                       many.margins.data() + begin, many.contributions.data() + begin * kWidth);
      }
    });
  for (std::thread& thread : threads) thread.join();
  EXPECT_TRUE(SameBytes(many.contributions, one.contributions));
  EXPECT_TRUE(SameBytes(many.margins, one.margins));
}

TEST(ExactShap, ValuesOutsideTheTrainingRange) {
  // Unseen, negative and fractional category codes, huge values, values on
  // thresholds. (XGBoost refuses infinities; with a category of 1e30 its
  // predictor and our walk part ways, which no frame's codes come near.)
  Trained model = Train(20, 6, testing::kMixedTypes);
  std::vector<float> x = model.unseen.x;
  const float odd[] = {-1.0f, 1e9f, -1e30f, 3e9f, 250.0f, 63.0f, 64.0f, 0.0f, 0.5f};
  for (size_t r = 0; r < kBoostedRows; r += 3)
    x[r * kBoostedWidth + r % kBoostedWidth] = odd[(r / 3) % std::size(odd)];
  std::vector<TreeEnsemble::Split> splits = model.trees.SplitsOf(0);
  for (size_t r = 1; r < kBoostedRows; r += 3) {
    const TreeEnsemble::Split& split = splits[r % splits.size()];
    if (!split.categorical) x[r * kBoostedWidth + split.feature] = split.threshold;
  }
  model.unseen.x = x;
  ExpectXgboosts(model, Compute(ExactShap(model.trees), x));
}

}  // namespace
}  // namespace acctseg::learn
