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

LeakCheck CheckCategorical(const Feature& feature, const std::vector<uint8_t>& outcome) {
  LeakCheck check{feature.name};
  // Win rate per category (code -1, missing, is a category of its own).
  std::unordered_map<int32_t, std::pair<double, double>> wins_rows;
  for (size_t r = 0; r < outcome.size(); ++r) {
    auto& [wins, rows] = wins_rows[feature.codes[r]];
    wins += outcome[r];
    rows += 1;
  }
  check.constant = wins_rows.size() <= 1;
  std::vector<double> scores(outcome.size());
  for (size_t r = 0; r < outcome.size(); ++r) {
    const auto& [wins, rows] = wins_rows[feature.codes[r]];
    scores[r] = wins / rows;
  }
  check.auc = RocAuc(scores, outcome);  // win rates as scores: never below 0.5
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
