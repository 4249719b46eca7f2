#include "learn/tree_ensemble.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "learn/boosted_test_data.h"

namespace acctseg::learn {
namespace {

using testing::kBoostedRows;
using testing::kBoostedWidth;
constexpr size_t kRows = kBoostedRows, kWidth = kBoostedWidth;

TEST(TreeEnsemble, ScoresAndPathContributionsMatchXgboost) {
  testing::BoostedData train = testing::MakeBoostedData(1), test = testing::MakeBoostedData(2);
  const std::vector<std::string>& types = testing::kMixedTypes;
  std::unique_ptr<XgbBooster> trained = testing::TrainBoosted(train, 40, 5, types);
  const XgbBooster& booster = *trained;

  TreeEnsemble ensemble = TreeEnsemble::FromXgboostUbjson(booster.SaveUbjson());
  EXPECT_EQ(ensemble.features(), kWidth);
  EXPECT_EQ(ensemble.trees(), 40u);

  XgbMatrix unseen(test.x, kRows, types, 1);
  std::vector<float> expected = booster.Predict(unseen, 0);
  std::vector<float> margins(kRows);
  ensemble.Margins(test.x.data(), kRows, margins.data());
  size_t categorical_rows_checked = 0;
  for (size_t r = 0; r < kRows; ++r) {
    float probability = 1.0f / (1.0f + std::exp(-margins[r]));
    ASSERT_EQ(probability, expected[r]) << "row " << r;  // bit for bit
    categorical_rows_checked += !std::isnan(test.x[r * kWidth + 4]);
  }
  EXPECT_GT(categorical_rows_checked, kRows / 2);

  std::vector<float> approx = booster.Predict(unseen, 3);
  std::vector<float> path(kRows * (kWidth + 1)), same_margins(kRows);
  ensemble.Score(test.x.data(), kRows, same_margins.data(), path.data());
  EXPECT_EQ(same_margins, margins);
  for (size_t r = 0; r < kRows; ++r) {
    float sum = 0;
    for (size_t f = 0; f <= kWidth; ++f) {
      ASSERT_NEAR(path[r * (kWidth + 1) + f], approx[r * (kWidth + 1) + f], 1e-5)
          << "row " << r << " feature " << f;
      sum += path[r * (kWidth + 1) + f];
    }
    EXPECT_NEAR(sum, margins[r], 1e-4);
  }
}

// The walks' margins (Score decides without a branch, Margins with
// GoesRight) against the nodes' own decisions, on values no training row
// had: missing, negative, fractional and unseen category codes, codes past
// a split's set, infinities. Every kind of tree: with a set of codes past
// 63 (the third feature of 100 codes), with narrower sets only (the third
// taken as a number), numeric only.
TEST(TreeEnsemble, WalksDecideAsTheNodesDo) {
  const std::vector<std::string> narrow = {"q", "q", "q", "c", "c", "q"}, numeric(kWidth, "q");
  for (const std::vector<std::string>* types : {&testing::kMixedTypes, &narrow, &numeric}) {
    std::unique_ptr<XgbBooster> booster =
        testing::TrainBoosted(testing::MakeBoostedData(3), 30, 6, *types);
    TreeEnsemble ensemble = TreeEnsemble::FromXgboostUbjson(booster->SaveUbjson());
    const float odd[] = {NAN,   -1.0f,  -0.0f, 0.5f,     2.5f,     63.0f,
                         64.0f, 127.0f, 1e9f,  INFINITY, -INFINITY};
    std::vector<float> x = testing::MakeBoostedData(4).x;
    uint64_t state = 11;
    for (float& v : x)
      if (RandomBelow(state, 4) == 0) v = odd[RandomBelow(state, std::size(odd))];
    std::vector<float> margins(kRows), scored(kRows), phi(kWidth + 1);
    std::vector<float> contributions(kRows * (kWidth + 1));
    ensemble.Margins(x.data(), kRows, margins.data());
    ensemble.Score(x.data(), kRows, scored.data(), contributions.data());
    for (size_t r = 0; r < kRows; ++r) {
      const float* row = x.data() + r * kWidth;
      float expected = ensemble.base_margin();
      for (size_t t = 0; t < ensemble.trees(); ++t) {
        std::vector<int32_t> route = {ensemble.Root(t)};
        for (int32_t at = route[0]; !ensemble.IsLeaf(at); route.push_back(at))
          at = ensemble.LeftChild(at) + ensemble.GoesRight(at, row[ensemble.SplitAt(at).feature]);
        // The value of the route's leaf (0 if SubtreeShap's own walk strays).
        expected += ensemble.SubtreeShap(route.data(), route.size(), row, phi.data());
      }
      ASSERT_EQ(margins[r], expected) << "row " << r;
      ASSERT_EQ(scored[r], expected) << "row " << r;
    }
  }
}

TEST(TreeEnsemble, RejectsWhatIsNotAModel) {
  EXPECT_THROW(TreeEnsemble::FromXgboostUbjson("{}"), Error);
  EXPECT_THROW(TreeEnsemble::FromXgboostUbjson("not json"), Error);
}

}  // namespace
}  // namespace acctseg::learn
