#include "learn/exact_shap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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
// Whole trees as units add the same single-precision operations in the
// same order: equal, not near. Subtrees sum a tree's credits in another
// order, which moves the last bits.
void ExpectXgboosts(const Trained& model, const Shap& got, bool whole_trees) {
  XgbMatrix matrix(model.unseen.x, kBoostedRows, model.types, 1);
  std::vector<float> expected = model.booster->Predict(matrix, 2);
  ASSERT_EQ(expected.size(), got.contributions.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    if (whole_trees)
      ASSERT_EQ(got.contributions[i], expected[i])
          << "row " << i / kWidth << " column " << i % kWidth;
    else
      ASSERT_NEAR(got.contributions[i], expected[i], 2e-6 * (1 + std::fabs(expected[i])))
          << "row " << i / kWidth << " column " << i % kWidth;
  }
  std::vector<float> margins(kBoostedRows);
  model.trees.Margins(model.unseen.x.data(), kBoostedRows, margins.data());
  EXPECT_TRUE(SameBytes(got.margins, margins));
}

size_t CachedUnits(const ExactShap& shap) {
  size_t cached = 0;
  for (size_t u = 0; u < shap.cells().units(); ++u) cached += shap.cells().Cached(u);
  return cached;
}

ExactShap::Options WholeTrees() {
  ExactShap::Options whole;
  whole.unit_cells = UINT32_MAX;
  whole.table_cells = 0;  // whole trees' cells are too many to compute up front
  return whole;
}

TEST(ExactShap, CellsGiveXgboostsContributionsOnMixedFeatures) {
  Trained model = Train(40, 5, testing::kMixedTypes);
  for (bool whole_trees : {true, false}) {
    ExactShap shap(model.trees, whole_trees ? WholeTrees() : ExactShap::Options());
    EXPECT_EQ(CachedUnits(shap), shap.cells().units());
    EXPECT_EQ(shap.cells().units_of_tree(40), whole_trees ? 40u : shap.cells().units());
    ExpectXgboosts(model, Compute(shap, model.unseen.x), whole_trees);
    // A second pass reads every cell from the caches the first filled.
    ExpectXgboosts(model, Compute(shap, model.unseen.x, 700), whole_trees);
  }
}

TEST(ExactShap, NumericOnlyAndDeepTrees) {
  // Codes read as numbers; depth 9 paths outgrow TreeShap's fixed scratch.
  Trained model = Train(12, 9, {"q", "q", "q", "q", "q", "q"});
  for (bool whole_trees : {true, false}) {
    ExactShap shap(model.trees, whole_trees ? WholeTrees() : ExactShap::Options());
    EXPECT_GT(CachedUnits(shap), 0u);
    ExpectXgboosts(model, Compute(shap, model.unseen.x), whole_trees);
  }
}

TEST(ExactShap, RowByRowFallbackHashAndDenseTablesAgree) {
  Trained model = Train(30, 6, testing::kMixedTypes);
  Shap reference = Compute(ExactShap(model.trees), model.unseen.x);
  ExpectXgboosts(model, reference, false);

  ExactShap::Options row_by_row;
  row_by_row.max_cells = 0;  // no tree gets cells: TreeSHAP for every row
  ExactShap fallback(model.trees, row_by_row);
  EXPECT_EQ(CachedUnits(fallback), 0u);
  Shap plain = Compute(fallback, model.unseen.x);
  EXPECT_TRUE(SameBytes(plain.contributions, reference.contributions));
  EXPECT_TRUE(SameBytes(plain.margins, reference.margins));

  // Calls too small to be worth the tables compute unit by unit, row by
  // row, until a large one fills them: the same bytes either way.
  ExactShap late(model.trees);
  Shap small = Compute(late, model.unseen.x, 100);
  EXPECT_TRUE(SameBytes(small.contributions, reference.contributions));
  EXPECT_TRUE(SameBytes(small.margins, reference.margins));
  EXPECT_TRUE(SameBytes(Compute(late, model.unseen.x).contributions, reference.contributions));

  // Some trees cached, the others row by row: the median tree's cell count
  // as the limit.
  ExactShap indexed(model.trees);
  const ShapCells& all = indexed.cells();
  std::vector<uint32_t> cell_counts;
  for (size_t u = 0; u < all.units(); ++u) cell_counts.push_back(all.CellCount(u));
  std::sort(cell_counts.begin(), cell_counts.end());
  ExactShap::Options some;
  some.max_cells = cell_counts[cell_counts.size() / 2];
  ExactShap mixed(model.trees, some);
  size_t cached = CachedUnits(mixed);
  EXPECT_GT(cached, 0u);
  EXPECT_LT(cached, all.units());
  EXPECT_TRUE(
      SameBytes(Compute(mixed, model.unseen.x, 100).contributions, reference.contributions));

  ExactShap::Options hashed;  // no unit's cells up front: caches that grow
  hashed.table_cells = 0;
  EXPECT_TRUE(SameBytes(Compute(ExactShap(model.trees, hashed), model.unseen.x).contributions,
                        reference.contributions));

  ExactShap::Options forgetful;  // the caches start afresh after every call
  forgetful.table_cells = 0;
  forgetful.cache_floats = 0;
  forgetful.rows_for_tables = 0;
  ExactShap cleared(model.trees, forgetful);
  Compute(cleared, model.unseen.x, 500);
  EXPECT_TRUE(
      SameBytes(Compute(cleared, model.unseen.x, 500).contributions, reference.contributions));
}

TEST(ExactShap, FeaturesThatCannotBeBinnedLeaveWholeTreesRowByRow) {
  Trained model = Train(20, 6, testing::kMixedTypes);
  ExactShap::Options unbinnable;
  unbinnable.max_bins = 2;  // no feature fits: no cells, and no reason to split trees
  ExactShap shap(model.trees, unbinnable);
  EXPECT_EQ(CachedUnits(shap), 0u);
  EXPECT_EQ(shap.cells().units(), 20u);
  ExpectXgboosts(model, Compute(shap, model.unseen.x), true);
}

TEST(ExactShap, SameBytesWhateverTheThreads) {
  Trained model = Train(30, 6, testing::kMixedTypes);
  ExactShap::Options some_cached;  // small units tabled, the others cached per thread
  some_cached.table_cells = 64;
  some_cached.rows_for_tables = 0;
  Shap one = Compute(ExactShap(model.trees, some_cached), model.unseen.x);
  ExactShap shared(model.trees, some_cached);
  size_t tabled = 0;
  for (size_t u = 0; u < shared.cells().units(); ++u) tabled += shared.Tabled(u);
  EXPECT_GT(tabled, 0u);
  EXPECT_LT(tabled, shared.cells().units());
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
  std::vector<TreeEnsemble::Split> splits;  // the first tree's
  for (int32_t node = model.trees.Root(0); node < model.trees.Root(1); ++node)
    if (!model.trees.IsLeaf(node)) splits.push_back(model.trees.SplitAt(node));
  for (size_t r = 1; r < kBoostedRows; r += 3) {
    const TreeEnsemble::Split& split = splits[r % splits.size()];
    if (!split.categorical) x[r * kBoostedWidth + split.feature] = split.threshold;
  }
  model.unseen.x = x;
  ExpectXgboosts(model, Compute(ExactShap(model.trees, WholeTrees()), x), true);
  ExpectXgboosts(model, Compute(ExactShap(model.trees), x), false);
}

}  // namespace
}  // namespace acctseg::learn
