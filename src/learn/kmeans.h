// k-means and its extension to mixed data, k-prototypes (Huang 1998), on
// ClusterPoints: with no categorical columns the cost is k-means' inertia
// (sum of squared distances to the nearest center); with them each row
// also pays gamma per categorical value that differs from its cluster's
// mode. Seeding is greedy k-means++ (as scikit-learn: 2 + ln k candidates
// per center, the one that lowers the cost most kept), then Lloyd
// iterations (assign every row, then move every center to its rows' mean
// and mode) until no row changes cluster or the centers move less than the
// tolerance; several restarts, the lowest cost kept. The same points, k
// and seed give the same result on any machine and any thread count: the
// randomness is learn/folds.h's and the per-row sums are reduced in a
// fixed order.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/cluster_data.h"

namespace acctseg::learn {

struct ClusterFitOptions {
  int k = 3;
  uint64_t seed = 1;
  int restarts = 10;  // scikit-learn's n_init before 1.4, kmodes' n_init
  int max_iterations = 300;
  // Stop when the centers' total squared move is below this times the mean
  // variance of the numeric columns (scikit-learn's tol).
  double tolerance = 1e-4;
  int threads = 0;  // 0 = all cores
};

struct ClusterFit {
  std::vector<int> labels;  // per row, 0..k-1
  RowMatrix centers;        // k × numeric columns, z-scores
  CodeMatrix modes;         // k × categorical columns
  double cost = 0;          // inertia (k-means) or k-prototypes cost
  int iterations = 0;       // of the restart kept
};

// Errors (kUsage): k < 2 or k greater than the number of rows.
ClusterFit FitClusters(const ClusterPoints& points, const ClusterFitOptions& options);

}  // namespace acctseg::learn
