// Test data for the boosted-tree tests (header only: src/learn/*.cc is the
// library): 3 numeric features (one partly missing) and 3 categorical ones
// (codes 0..5, 0..39 partly missing, and 0..99, whose split sets span two
// 64-bit words), an outcome that depends on all of them, and a small
// XGBoost model trained on them.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "learn/folds.h"
#include "learn/xgb_handles.h"

namespace acctseg::learn::testing {

constexpr size_t kBoostedRows = 3000, kBoostedWidth = 6;

struct BoostedData {
  std::vector<float> x;  // kBoostedRows x kBoostedWidth, NaN = missing
  std::vector<float> y;
};

inline const std::vector<std::string> kMixedTypes = {"q", "q", "q", "c", "c", "c"};

inline BoostedData MakeBoostedData(uint64_t seed) {
  BoostedData d;
  uint64_t state = seed;
  auto uniform = [&] { return static_cast<double>(NextRandom(state) >> 11) / 9007199254740992.0; };
  for (size_t r = 0; r < kBoostedRows; ++r) {
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

// `trees` boosting rounds of depth `depth` on `data`, one thread.
inline std::unique_ptr<XgbBooster> TrainBoosted(const BoostedData& data, int trees, int depth,
                                                const std::vector<std::string>& types) {
  XgbMatrix matrix(data.x, kBoostedRows, types, 1);
  matrix.SetLabels(data.y);
  auto booster = std::make_unique<XgbBooster>(matrix);
  booster->SetParam("objective", "binary:logistic");
  booster->SetParam("tree_method", "hist");
  booster->SetParam("max_depth", std::to_string(depth));
  booster->SetParam("nthread", "1");
  booster->SetParam("verbosity", "0");
  for (int tree = 0; tree < trees; ++tree) booster->UpdateOneIter(tree, matrix);
  return booster;
}

}  // namespace acctseg::learn::testing
