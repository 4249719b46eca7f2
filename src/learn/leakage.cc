#include "learn/leakage.h"

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "learn/metrics.h"

namespace acctseg::learn {
namespace {

LeakCheck CheckNumeric(const Feature& feature, const std::vector<uint8_t>& outcome) {
  LeakCheck check{feature.name};
  std::vector<double> scores;
  std::vector<uint8_t> classes;
  for (size_t r = 0; r < outcome.size(); ++r) {
    if (std::isnan(feature.values[r])) continue;
    scores.push_back(feature.values[r]);
    classes.push_back(outcome[r]);
  }
  bool varies = false;
  for (double v : scores) varies = varies || v != scores.front();
  check.constant = !varies;
  double auc = RocAuc(scores, classes);
  // Ties count half, so the negation's AUC is exactly 1 - auc.
  check.auc = std::isnan(auc) ? auc : std::max(auc, 1 - auc);
  return check;
}

// A category's win rate scores a row only as learnt from the other folds'
// rows: scored on the rows it was counted on, a column of many rare
// categories (a rep's name over 190 deals) separated pure noise with AUC
// 0.96. A category the other folds never saw scores their base rate.
constexpr size_t kLeakFolds = 5;

LeakCheck CheckCategorical(const Feature& feature, const std::vector<uint8_t>& outcome) {
  LeakCheck check{feature.name};
  // Wins and rows per category (code -1, missing, is a category of its
  // own) and fold, and per fold.
  struct Counts {
    double wins[kLeakFolds] = {}, rows[kLeakFolds] = {};
  };
  std::unordered_map<int32_t, Counts> by_category;
  Counts all;
  for (size_t r = 0; r < outcome.size(); ++r) {
    Counts& counts = by_category[feature.codes[r]];
    counts.wins[r % kLeakFolds] += outcome[r];
    counts.rows[r % kLeakFolds] += 1;
    all.wins[r % kLeakFolds] += outcome[r];
    all.rows[r % kLeakFolds] += 1;
  }
  check.constant = by_category.size() <= 1;
  const auto others = [](const double(&values)[kLeakFolds], size_t fold) {
    double sum = 0;
    for (size_t f = 0; f < kLeakFolds; ++f)
      if (f != fold) sum += values[f];
    return sum;
  };
  std::vector<double> scores(outcome.size());
  for (size_t r = 0; r < outcome.size(); ++r) {
    const size_t fold = r % kLeakFolds;
    const Counts& counts = by_category[feature.codes[r]];
    const double rows = others(counts.rows, fold);
    scores[r] = rows > 0 ? others(counts.wins, fold) / rows
                         : others(all.wins, fold) / std::max(1.0, others(all.rows, fold));
  }
  const double auc = RocAuc(scores, outcome);
  // Out of fold, a column unrelated to the outcome may score under 0.5.
  check.auc = std::isnan(auc) ? auc : std::max(auc, 1 - auc);
  return check;
}

}  // namespace

std::vector<LeakCheck> CheckLeakage(const LearningFrame& frame, double threshold) {
  std::vector<LeakCheck> checks;
  for (const Feature& feature : frame.features) {
    LeakCheck check = feature.kind == FeatureKind::kNumeric
                          ? CheckNumeric(feature, frame.outcome)
                          : CheckCategorical(feature, frame.outcome);
    check.flagged = !std::isnan(check.auc) && check.auc >= threshold;
    checks.push_back(check);
  }
  return checks;
}

std::string LeakMessage(const LeakCheck& check, bool kept) {
  char auc[32];
  std::snprintf(auc, sizeof auc, "%.3f", check.auc);
  return check.feature + ": alone it separates wins from losses with AUC " + auc +
         (kept ? " (kept: --keep-leaky)" : " (excluded)") +
         "; a column known only after the outcome leaks it — declare it `post_outcome: true` "
         "in the policy";
}

}  // namespace acctseg::learn
