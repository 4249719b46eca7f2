#include "learn/calibration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace acctseg::learn {
namespace {

// Row indexes by ascending score; ties keep row order so the fit repeats.
std::vector<size_t> ByScore(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  return order;
}

}  // namespace

IsotonicCalibration::IsotonicCalibration(std::vector<double> x, std::vector<double> y)
    : x_(std::move(x)), y_(std::move(y)) {}

IsotonicCalibration IsotonicCalibration::Fit(const std::vector<double>& scores,
                                             const std::vector<uint8_t>& outcome) {
  // Pool-adjacent-violators over the distinct scores (tied scores are one
  // point with their mean outcome, as scikit-learn does).
  struct Block {
    double x_first, x_last, sum, weight;
  };
  std::vector<Block> blocks;
  std::vector<size_t> order = ByScore(scores);
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    double sum = 0;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) sum += outcome[order[j++]];
    double x = scores[order[i]];
    blocks.push_back({x, x, sum, static_cast<double>(j - i)});
    while (blocks.size() > 1) {
      Block& last = blocks.back();
      Block& before = blocks[blocks.size() - 2];
      if (before.sum / before.weight < last.sum / last.weight) break;
      before.x_last = last.x_last;
      before.sum += last.sum;
      before.weight += last.weight;
      blocks.pop_back();
    }
    i = j;
  }
  // Each block is flat from its first to its last score; between blocks
  // the map is linear.
  std::vector<double> x, y;
  for (const Block& b : blocks) {
    double value = b.sum / b.weight;
    x.push_back(b.x_first);
    y.push_back(value);
    if (b.x_last != b.x_first) {
      x.push_back(b.x_last);
      y.push_back(value);
    }
  }
  return IsotonicCalibration(std::move(x), std::move(y));
}

namespace {

// Scores whose knots ApplyAll finds side by side.
constexpr size_t kScoresTogether = 8;

// For each of kCount scores, the last of the `knots` at or below it (the
// one before upper_bound's), found by halving with a conditional move
// instead of a branch: the scores of ten million accounts fall anywhere,
// so upper_bound's branches were mispredicted about every other time.
// Every score's halving takes the same steps (the knots' count alone
// decides them), so several go side by side. Where a score is outside the
// knots (or NaN) its halving ends anywhere, and ValueAt does not look.
template <size_t kCount>
void FindKnotsBelow(const std::vector<double>& knots, const double* scores, const double** below) {
  for (size_t j = 0; j < kCount; ++j) below[j] = knots.data();
  for (size_t left = knots.size(); left > 1;) {
    const size_t half = left / 2;
    for (size_t j = 0; j < kCount; ++j)
      below[j] = below[j][half] <= scores[j] ? below[j] + half : below[j];
    left -= half;
  }
}

}  // namespace

double IsotonicCalibration::Apply(double score) const {
  const double* below;
  FindKnotsBelow<1>(x_, &score, &below);
  return ValueAt(score, below);
}

void IsotonicCalibration::ApplyAll(const double* scores, size_t count, double* out) const {
  size_t i = 0;
  for (; i + kScoresTogether <= count; i += kScoresTogether) {
    const double* below[kScoresTogether];
    FindKnotsBelow<kScoresTogether>(x_, scores + i, below);
    for (size_t j = 0; j < kScoresTogether; ++j) out[i + j] = ValueAt(scores[i + j], below[j]);
  }
  for (; i < count; ++i) out[i] = Apply(scores[i]);
}

double IsotonicCalibration::ValueAt(double score, const double* below) const {
  if (x_.empty() || std::isnan(score)) return score;
  if (score <= x_.front()) return y_.front();
  if (score >= x_.back()) return y_.back();
  // x_[0] < score < x_.back(), so the knot after `below` is above the score.
  const size_t lo = static_cast<size_t>(below - x_.data()), hi = lo + 1;
  double t = (score - x_[lo]) / (x_[hi] - x_[lo]);
  return y_[lo] + t * (y_[hi] - y_[lo]);
}

std::vector<CalibrationBin> CalibrationTable(const std::vector<double>& predicted,
                                             const std::vector<uint8_t>& outcome, int bins) {
  std::vector<size_t> order = ByScore(predicted);
  std::vector<CalibrationBin> table;
  size_t n = order.size();
  for (int b = 0; b < bins; ++b) {
    size_t begin = n * b / bins, end = n * (b + 1) / bins;
    if (begin == end) continue;
    CalibrationBin bin;
    for (size_t i = begin; i < end; ++i) {
      bin.predicted += predicted[order[i]];
      bin.observed += outcome[order[i]];
    }
    bin.rows = end - begin;
    bin.predicted /= bin.rows;
    bin.observed /= bin.rows;
    table.push_back(bin);
  }
  return table;
}

}  // namespace acctseg::learn
