#include "learn/tree_ensemble.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "learn/folds.h"
#include "learn/xgb_handles.h"

namespace acctseg::learn {
namespace {

// 3 numeric features (one partly missing) and 3 categorical ones (codes
// 0..5, 0..39 partly missing, and 0..99, whose split sets span two 64-bit
// words), and an outcome that depends on all of them.
constexpr size_t kRows = 3000, kWidth = 6;

struct Data {
  std::vector<float> x;
  std::vector<float> y;
};

Data Make(uint64_t seed) {
  Data d;
  uint64_t state = seed;
  auto uniform = [&] { return static_cast<double>(NextRandom(state) >> 11) / 9007199254740992.0; };
  for (size_t r = 0; r < kRows; ++r) {
    float a = static_cast<float>(uniform() * 10), b = static_cast<float>(uniform() * 4 - 2),
          c = static_cast<float>(uniform());
    float k1 = static_cast<float>(RandomBelow(state, 6)),
          k2 = static_cast<float>(RandomBelow(state, 40)),
          k3 = static_cast<float>(RandomBelow(state, 100));
    if (uniform() < 0.1) c = NAN;
    if (uniform() < 0.05) k2 = NAN;
    double logit = 0.4 * a - 2 + b * b - (k1 == 2 || k1 == 4 ? 1.5 : 0) +
                   (static_cast<int>(k3) % 7 == 0 ? 2 : 0) + (std::isnan(c) ? 1 : c) +
                   (!std::isnan(k2) && static_cast<int>(k2) % 5 == 1 ? -1 : 0);
    d.x.insert(d.x.end(), {a, b, c, k1, k2, k3});
    d.y.push_back(uniform() < 1 / (1 + std::exp(-logit)) ? 1.0f : 0.0f);
  }
  return d;
}

TEST(TreeEnsemble, ScoresAndPathContributionsMatchXgboost) {
  Data train = Make(1), test = Make(2);
  std::vector<std::string> types = {"q", "q", "q", "c", "c", "c"};
  XgbMatrix matrix(train.x, kRows, types, 1);
  matrix.SetLabels(train.y);
  XgbBooster booster(matrix);
  booster.SetParam("objective", "binary:logistic");
  booster.SetParam("tree_method", "hist");
  booster.SetParam("max_depth", "5");
  booster.SetParam("nthread", "1");
  booster.SetParam("verbosity", "0");
  for (int tree = 0; tree < 40; ++tree) booster.UpdateOneIter(tree, matrix);

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

TEST(TreeEnsemble, RejectsWhatIsNotAModel) {
  EXPECT_THROW(TreeEnsemble::FromXgboostUbjson("{}"), Error);
  EXPECT_THROW(TreeEnsemble::FromXgboostUbjson("not json"), Error);
}

}  // namespace
}  // namespace acctseg::learn
