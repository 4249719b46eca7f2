// Test data for the clustering tests (header only: src/learn/*.cc is the library): well-separated
// blobs drawn with the portable generator, so every machine sees the same points.
#pragma once

#include <map>
#include <vector>

#include "learn/cluster_data.h"
#include "learn/folds.h"

namespace acctseg::learn::testing {

struct Blobs {
  std::vector<std::vector<double>> centers;  // per blob, per dimension
  std::vector<int> blob;                     // per row
  RowMatrix points;                          // rows × dimensions
  double inertia = 0;                        // sum of squared distances to each blob's own mean
};

// MakeBlobs: `per_blob` rows around each center, uniform within ±spread
// per dimension. SamePartition: `labels` is `truth` up to renaming.

inline Blobs MakeBlobs(const std::vector<std::vector<double>>& centers, int per_blob, double spread,
                       uint64_t seed) {
  Blobs blobs;
  blobs.centers = centers;
  const size_t dims = centers.front().size();
  const size_t rows = centers.size() * per_blob;
  blobs.points.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dims));
  uint64_t state = seed;
  for (size_t r = 0; r < rows; ++r) {
    int b = static_cast<int>(r / per_blob);
    blobs.blob.push_back(b);
    for (size_t d = 0; d < dims; ++d) {
      double unit = static_cast<double>(RandomBelow(state, 1u << 20)) / (1u << 20);
      blobs.points(r, d) = centers[b][d] + spread * (2 * unit - 1);
    }
  }
  for (size_t b = 0; b < centers.size(); ++b) {
    auto block = blobs.points.middleRows(static_cast<Eigen::Index>(b * per_blob), per_blob);
    Eigen::RowVectorXd mean = block.colwise().mean();
    blobs.inertia += (block.rowwise() - mean).squaredNorm();
  }
  return blobs;
}

inline bool SamePartition(const std::vector<int>& labels, const std::vector<int>& truth) {
  if (labels.size() != truth.size()) return false;
  std::map<int, int> forward, backward;
  for (size_t r = 0; r < labels.size(); ++r) {
    auto [f, added_f] = forward.try_emplace(labels[r], truth[r]);
    auto [b, added_b] = backward.try_emplace(truth[r], labels[r]);
    if (f->second != truth[r] || b->second != labels[r]) return false;
  }
  return true;
}

}  // namespace acctseg::learn::testing
