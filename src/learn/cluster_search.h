// `learn clusters` from frame to result: cluster the frame for every k in a
// range (k-means on numeric features, k-prototypes when categorical ones
// are used), judge each k by its silhouette on one fixed sample of rows,
// keep the best k (the smaller on a tie), profile its clusters and explain
// them by a shallow decision tree. Clusters are numbered by size, largest
// first, so the same data and seed always print the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learn/cluster_data.h"
#include "learn/cluster_profile.h"
#include "learn/decision_tree.h"
#include "learn/kmeans.h"
#include "learn/silhouette.h"

namespace acctseg::learn {

enum class ClusterMethod { kAuto, kKMeans, kKPrototypes };

struct ClusterOptions {
  int k_min = 3, k_max = 8;
  uint64_t seed = 1;
  ClusterMethod method = ClusterMethod::kAuto;  // auto: k-prototypes iff a categorical feature
  int restarts =
      20;  // 10 (scikit-learn's n_init) fell into the worse of two optima at k = 3 on the IBM data
  int threads = 0;
  size_t silhouette_rows = kSilhouetteSampleRows;
  int tree_depth = 3;
};

struct KCandidate {
  int k = 0;
  double cost = 0;        // inertia or k-prototypes cost
  double silhouette = 0;  // mean, on the sample
  int iterations = 0;
};

struct ClusterResult {
  ClusterInput input;
  bool kprototypes = false;
  size_t silhouette_rows = 0;  // rows the silhouettes were computed on
  std::vector<KCandidate> candidates;
  int k = 0;  // the chosen k
  ClusterFit fit;
  std::vector<ClusterProfile> profiles;
  std::vector<const Feature*> tree_features;  // into the frame: the clustering features
  DecisionTree tree;
};

// Errors (kUsage): k_min < 2, k_max < k_min, k_max above the rows; those
// of PrepareClusterInput and FitClusters.
ClusterResult DiscoverClusters(const LearningFrame& frame, const ClusterOptions& options);

// Error(kUsage) unless 2 <= k_min <= k_max: for a command to check before
// it reads its inputs (DiscoverClusters checks it too).
void CheckClusterRange(const ClusterOptions& options);

}  // namespace acctseg::learn
