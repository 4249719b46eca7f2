#include "learn/training_size.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace acctseg::learn {
namespace {

constexpr int kDefaultFolds = 5, kMinFolds = 2;
constexpr int kDefaultTrees = 200, kMinTrees = 50;
constexpr double kDefaultRate = 0.1, kMaxRate = 0.3;

// Model equivalents a run trains: the fold models and the final one, plus
// the time split's model on 80% of the rows.
double ModelEquivalents(int folds, bool time_split) { return folds + (time_split ? 0.8 : 0.0); }

}  // namespace

TrainingSize ChooseTrainingSize(size_t rows, bool time_split, int folds, int trees,
                                double learning_rate) {
  TrainingSize size;
  double n = std::max<double>(1, static_cast<double>(rows));
  auto fits = [&](int f, int t) {
    return ModelEquivalents(f, time_split) * n * t <= kRowTreeBudget;
  };
  if (folds > 0) {
    size.folds = folds;
  } else {
    int planned_trees = trees > 0 ? trees : kDefaultTrees;
    size.folds = kDefaultFolds;
    while (size.folds > kMinFolds && !fits(size.folds, planned_trees)) --size.folds;
  }
  if (trees > 0) {
    size.trees = trees;
  } else {
    double affordable = kRowTreeBudget / (ModelEquivalents(size.folds, time_split) * n);
    // Whole tens, so the choice reads as a choice.
    int chosen = static_cast<int>(std::floor(affordable / 10)) * 10;
    size.trees = std::clamp(chosen, kMinTrees, kDefaultTrees);
  }
  if (learning_rate > 0) {
    size.learning_rate = learning_rate;
  } else {
    double scaled = kDefaultRate * kDefaultTrees / size.trees;
    size.learning_rate = std::min(kMaxRate, std::round(scaled * 100) / 100);
  }
  bool reduced =
      (folds <= 0 && size.folds != kDefaultFolds) || (trees <= 0 && size.trees != kDefaultTrees);
  if (reduced)
    size.note = fmt::format(
        "{} rows: {} folds and {} trees at learning rate {:g} instead of {} folds and {} trees "
        "at {:g}, to stay within about {:.0f}M row-trees of training (about a minute on two "
        "cores); --folds, --trees and --learning-rate choose for yourself",
        rows, size.folds, size.trees, size.learning_rate, kDefaultFolds, kDefaultTrees,
        kDefaultRate, kRowTreeBudget / 1e6);
  return size;
}

}  // namespace acctseg::learn
