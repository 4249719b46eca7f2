// The silhouette of a clustering (Rousseeuw 1987): for each row, a = its
// mean distance to the other rows of its cluster, b = the smallest mean
// distance to the rows of another cluster, s = (b - a) / max(a, b), and 0
// for a row alone in its cluster; the result is the mean s, from -1 to 1
// (higher = tighter, better separated clusters). The distance is the square
// root of Dissimilarity (Euclidean on z-scores for k-means). Exact over all
// rows is quadratic, so above `max_rows` rows it is computed on a fixed
// random sample of that many rows (scikit-learn's silhouette_score with
// sample_size does the same); the sample depends only on the row count and
// the seed, so every k is judged on the same rows.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/cluster_data.h"

namespace acctseg::learn {

inline constexpr size_t kSilhouetteSampleRows = 5000;

// The rows a silhouette is computed on: all of them in order when
// rows <= max_rows, else a sample of max_rows of them.
std::vector<size_t> SilhouetteRows(size_t rows, size_t max_rows, uint64_t seed);

// Mean silhouette over `sample` (row indexes into points and labels).
// Returns 0 when fewer than 2 clusters occur in the sample.
double MeanSilhouette(const ClusterPoints& points, const std::vector<int>& labels, int k,
                      const std::vector<size_t>& sample, int threads);

}  // namespace acctseg::learn
