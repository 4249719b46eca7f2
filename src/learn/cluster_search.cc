#include "learn/cluster_search.h"

#include <algorithm>
#include <numeric>

#include "common/error.h"

namespace acctseg::learn {
namespace {

// Renumbers the clusters by size, largest first (ties by old number).
void NumberBySize(ClusterFit& fit, int k) {
  std::vector<size_t> sizes(k, 0);
  for (int label : fit.labels) ++sizes[label];
  std::vector<int> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return sizes[a] > sizes[b]; });
  std::vector<int> renamed(k);
  for (int i = 0; i < k; ++i) renamed[order[i]] = i;
  for (int& label : fit.labels) label = renamed[label];
  RowMatrix centers = fit.centers;
  CodeMatrix modes = fit.modes;
  for (int i = 0; i < k; ++i) {
    centers.row(i) = fit.centers.row(order[i]);
    modes.row(i) = fit.modes.row(order[i]);
  }
  fit.centers = std::move(centers);
  fit.modes = std::move(modes);
}

}  // namespace

void CheckClusterRange(const ClusterOptions& options) {
  if (options.k_min < 2 || options.k_max < options.k_min)
    throw Error(ErrorKind::kUsage, "--k: expected a range FROM..TO with 2 <= FROM <= TO, got " +
                                       std::to_string(options.k_min) + ".." +
                                       std::to_string(options.k_max));
}

ClusterResult DiscoverClusters(const LearningFrame& frame, const ClusterOptions& options) {
  CheckClusterRange(options);
  if (static_cast<size_t>(options.k_max) > frame.rows())
    throw Error(ErrorKind::kUsage, "--k: " + std::to_string(options.k_max) +
                                       " clusters need at least as many rows, the data has " +
                                       std::to_string(frame.rows()));
  ClusterResult result;
  result.input = PrepareClusterInput(frame, options.method != ClusterMethod::kKMeans);
  result.kprototypes = !result.input.features.categorical.empty();
  const ClusterPoints& points = result.input.points;
  std::vector<size_t> sample = SilhouetteRows(points.rows(), options.silhouette_rows, options.seed);
  result.silhouette_rows = sample.size();
  double best_silhouette = -2;
  for (int k = options.k_min; k <= options.k_max; ++k) {
    ClusterFitOptions fit_options;
    fit_options.k = k;
    fit_options.seed = options.seed;
    fit_options.restarts = options.restarts;
    fit_options.threads = options.threads;
    ClusterFit fit = FitClusters(points, fit_options);
    KCandidate candidate{k, fit.cost,
                         MeanSilhouette(points, fit.labels, k, sample, options.threads),
                         fit.iterations};
    result.candidates.push_back(candidate);
    if (candidate.silhouette > best_silhouette) {
      best_silhouette = candidate.silhouette;
      result.k = k;
      result.fit = std::move(fit);
    }
  }
  NumberBySize(result.fit, result.k);
  result.profiles = ProfileClusters(frame, result.input.features, result.fit.labels, result.k);
  for (size_t index : result.input.features.numeric)
    result.tree_features.push_back(&frame.features[index]);
  for (size_t index : result.input.features.categorical)
    result.tree_features.push_back(&frame.features[index]);
  TreeOptions tree_options;
  tree_options.max_depth = options.tree_depth;
  tree_options.min_leaf_rows = std::max<size_t>(1, frame.rows() / 100);
  result.tree = FitDecisionTree(result.tree_features, result.fit.labels, result.k, tree_options);
  return result;
}

}  // namespace acctseg::learn
