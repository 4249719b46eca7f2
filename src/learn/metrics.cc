#include "learn/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace acctseg::learn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row indexes by descending score.
std::vector<size_t> ByScoreDescending(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

}  // namespace

double RocAuc(const std::vector<double>& scores, const std::vector<uint8_t>& outcome) {
  std::vector<size_t> order = ByScoreDescending(scores);
  double wins = 0, losses = 0, pairs_won = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    double tie_wins = 0, tie_losses = 0;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      (outcome[order[j]] ? tie_wins : tie_losses) += 1;
      ++j;
    }
    // Each loss in this tie ranks below every win seen before it; ties count half.
    pairs_won += tie_losses * (wins + tie_wins / 2);
    wins += tie_wins;
    losses += tie_losses;
    i = j;
  }
  if (wins == 0 || losses == 0) return kNaN;
  return pairs_won / (wins * losses);
}

double AveragePrecision(const std::vector<double>& scores, const std::vector<uint8_t>& outcome) {
  std::vector<size_t> order = ByScoreDescending(scores);
  double total_wins = 0;
  for (uint8_t y : outcome) total_wins += y;
  if (total_wins == 0) return kNaN;
  double true_pos = 0, seen = 0, previous_recall = 0, ap = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      true_pos += outcome[order[j]];
      ++seen;
      ++j;
    }
    double recall = true_pos / total_wins;
    ap += (recall - previous_recall) * (true_pos / seen);
    previous_recall = recall;
    i = j;
  }
  return ap;
}

Spread MeanAndSd(const std::vector<double>& values) {
  Spread s;
  if (values.empty()) return s;
  for (double v : values) s.mean += v;
  s.mean /= static_cast<double>(values.size());
  if (values.size() < 2) return s;
  double sum_sq = 0;
  for (double v : values) sum_sq += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(sum_sq / static_cast<double>(values.size() - 1));
  return s;
}

}  // namespace acctseg::learn
