#include "learn/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "common/parallel.h"
#include "learn/folds.h"

namespace acctseg::learn {
namespace {

using Index = Eigen::Index;

// Rows per unit of parallel work; fixed, so sums reduce in the same order
// whatever the thread count.
constexpr size_t kMorsel = 8192;

double UniformUnit(uint64_t& state) {
  return static_cast<double>(NextRandom(state) >> 11) * 0x1.0p-53;
}

struct Prototypes {
  RowMatrix centers;
  CodeMatrix modes;

  double Cost(const ClusterPoints& points, size_t row, int cluster) const {
    return Dissimilarity(points, row, centers.row(cluster).data(), modes.row(cluster).data());
  }
  void CopyRow(const ClusterPoints& points, size_t row, int cluster) {
    centers.row(cluster) = points.numeric.row(static_cast<Index>(row));
    modes.row(cluster) = points.categorical.row(static_cast<Index>(row));
  }
};

// The row drawn with probability proportional to `weight` (the D² rule).
size_t DrawWeighted(const std::vector<double>& cumulative, uint64_t& state) {
  double target = UniformUnit(state) * cumulative.back();
  size_t row = std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin();
  return std::min(row, cumulative.size() - 1);
}

// Greedy k-means++: each new center is the best of a few D²-drawn rows.
Prototypes Seed(const ClusterPoints& points, int k, uint64_t& state, int threads) {
  const size_t rows = points.rows();
  Prototypes seeds{RowMatrix(k, points.numeric.cols()), CodeMatrix(k, points.categorical.cols())};
  seeds.CopyRow(points, RandomBelow(state, rows), 0);
  std::vector<double> closest(rows), candidate_cost(rows), cumulative(rows);
  ParallelRanges(rows, threads, kMorsel, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) closest[r] = seeds.Cost(points, r, 0);
  });
  const int trials = 2 + static_cast<int>(std::log(k));
  for (int c = 1; c < k; ++c) {
    double total = 0;
    for (size_t r = 0; r < rows; ++r) cumulative[r] = total += closest[r];
    double best_cost = std::numeric_limits<double>::infinity();
    size_t best_row = 0;
    for (int t = 0; t < trials; ++t) {
      size_t row = total > 0 ? DrawWeighted(cumulative, state) : RandomBelow(state, rows);
      seeds.CopyRow(points, row, c);
      ParallelRanges(rows, threads, kMorsel, [&](size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r)
          candidate_cost[r] = std::min(closest[r], seeds.Cost(points, r, c));
      });
      double cost = 0;
      for (double v : candidate_cost) cost += v;
      if (cost < best_cost) best_cost = cost, best_row = row;
    }
    seeds.CopyRow(points, best_row, c);
    ParallelRanges(rows, threads, kMorsel, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r)
        closest[r] = std::min(closest[r], seeds.Cost(points, r, c));
    });
  }
  return seeds;
}

// Assigns every row to its cheapest prototype; returns the total cost and
// whether any label changed.
std::pair<double, bool> Assign(const ClusterPoints& points, const Prototypes& prototypes,
                               std::vector<int>& labels, std::vector<double>& row_cost,
                               int threads) {
  const int k = static_cast<int>(prototypes.centers.rows());
  const size_t rows = points.rows();
  const size_t morsels = (rows + kMorsel - 1) / kMorsel;
  std::vector<double> morsel_cost(morsels, 0);
  std::vector<char> morsel_changed(morsels, 0);
  ParallelRanges(rows, threads, kMorsel, [&](size_t begin, size_t end) {
    double cost = 0;
    bool changed = false;
    for (size_t r = begin; r < end; ++r) {
      int best = 0;
      double best_cost = prototypes.Cost(points, r, 0);
      for (int c = 1; c < k; ++c) {
        double d = prototypes.Cost(points, r, c);
        if (d < best_cost) best_cost = d, best = c;
      }
      changed |= labels[r] != best;
      labels[r] = best;
      row_cost[r] = best_cost;
      cost += best_cost;
    }
    morsel_cost[begin / kMorsel] = cost;
    morsel_changed[begin / kMorsel] = changed;
  });
  double total = 0;
  for (double c : morsel_cost) total += c;
  return {total,
          std::find(morsel_changed.begin(), morsel_changed.end(), 1) != morsel_changed.end()};
}

// Moves each center to the mean of its rows and each mode to its rows' most
// frequent code (the smallest code on a tie). A cluster left empty takes
// the row that is worst served now, as scikit-learn relocates them.
void Update(const ClusterPoints& points, const std::vector<int>& labels,
            const std::vector<double>& row_cost, Prototypes& prototypes) {
  const Index k = prototypes.centers.rows();
  RowMatrix sums = RowMatrix::Zero(k, points.numeric.cols());
  std::vector<size_t> sizes(k, 0);
  for (size_t r = 0; r < labels.size(); ++r) {
    sums.row(labels[r]) += points.numeric.row(static_cast<Index>(r));
    ++sizes[labels[r]];
  }
  std::vector<double> worst = row_cost;
  for (Index c = 0; c < k; ++c) {
    if (sizes[c] == 0) {
      size_t row = std::max_element(worst.begin(), worst.end()) - worst.begin();
      worst[row] = -1;
      prototypes.CopyRow(points, row, static_cast<int>(c));
      continue;
    }
    prototypes.centers.row(c) = sums.row(c) / static_cast<double>(sizes[c]);
  }
  for (Index j = 0; j < points.categorical.cols(); ++j) {
    // Counts per cluster and code (shifted by one: -1 is missing), in a
    // flat table: this runs for every iteration of every restart.
    const size_t codes = static_cast<size_t>(points.categorical.col(j).maxCoeff()) + 2;
    std::vector<size_t> counts(static_cast<size_t>(k) * codes, 0);
    for (size_t r = 0; r < labels.size(); ++r)
      ++counts[labels[r] * codes + static_cast<size_t>(points.categorical(r, j) + 1)];
    for (Index c = 0; c < k; ++c) {
      if (sizes[c] == 0) continue;
      auto begin = counts.begin() + c * codes;
      // max_element keeps the first maximum: the smallest code on a tie.
      prototypes.modes(c, j) =
          static_cast<int32_t>(std::max_element(begin, begin + codes) - begin) - 1;
    }
  }
}

double MeanVariance(const RowMatrix& x) {
  if (x.cols() == 0) return 1;
  Eigen::RowVectorXd mean = x.colwise().mean();
  return (x.rowwise() - mean).array().square().colwise().mean().mean();
}

ClusterFit FitOnce(const ClusterPoints& points, const ClusterFitOptions& options, uint64_t& state,
                   double tolerance) {
  Prototypes prototypes = Seed(points, options.k, state, options.threads);
  ClusterFit fit;
  fit.labels.assign(points.rows(), -1);
  std::vector<double> row_cost(points.rows());
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    auto [cost, changed] = Assign(points, prototypes, fit.labels, row_cost, options.threads);
    if (!changed) break;
    RowMatrix before = prototypes.centers;
    CodeMatrix modes_before = prototypes.modes;
    Update(points, fit.labels, row_cost, prototypes);
    if ((prototypes.centers - before).squaredNorm() <= tolerance &&
        prototypes.modes == modes_before)
      break;
  }
  fit.iterations = std::min(fit.iterations, options.max_iterations);
  // Labels and cost of the final prototypes, so they always agree.
  fit.cost = Assign(points, prototypes, fit.labels, row_cost, options.threads).first;
  fit.centers = std::move(prototypes.centers);
  fit.modes = std::move(prototypes.modes);
  return fit;
}

}  // namespace

ClusterFit FitClusters(const ClusterPoints& points, const ClusterFitOptions& options) {
  if (options.k < 2 || static_cast<size_t>(options.k) > points.rows())
    throw Error(ErrorKind::kUsage, "--k: k must be between 2 and the number of rows (" +
                                       std::to_string(points.rows()) + "), got " +
                                       std::to_string(options.k));
  const double tolerance = options.tolerance * MeanVariance(points.numeric);
  uint64_t state = options.seed;
  ClusterFit best;
  for (int restart = 0; restart < std::max(1, options.restarts); ++restart) {
    ClusterFit fit = FitOnce(points, options, state, tolerance);
    if (restart == 0 || fit.cost < best.cost) best = std::move(fit);
  }
  return best;
}

}  // namespace acctseg::learn
