#include "learn/silhouette.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/parallel.h"
#include "learn/folds.h"

namespace acctseg::learn {

std::vector<size_t> SilhouetteRows(size_t rows, size_t max_rows, uint64_t seed) {
  std::vector<size_t> all(rows);
  for (size_t r = 0; r < rows; ++r) all[r] = r;
  if (rows <= max_rows) return all;
  uint64_t state = seed ^ 0x5111E77EULL;
  for (size_t i = 0; i < max_rows; ++i) std::swap(all[i], all[i + RandomBelow(state, rows - i)]);
  all.resize(max_rows);
  std::sort(all.begin(), all.end());
  return all;
}

double MeanSilhouette(const ClusterPoints& points, const std::vector<int>& labels, int k,
                      const std::vector<size_t>& sample, int threads) {
  std::vector<size_t> sizes(k, 0);
  for (size_t row : sample) ++sizes[labels[row]];
  if (std::count_if(sizes.begin(), sizes.end(), [](size_t s) { return s > 0; }) < 2) return 0;
  std::vector<double> score(sample.size(), 0);
  ParallelFor(sample.size(), threads, [&](size_t i) {
    const size_t row = sample[i];
    const int own = labels[row];
    if (sizes[own] < 2) return;  // a cluster of one: s = 0 by definition
    std::vector<double> sums(k, 0);
    const Eigen::Index r = static_cast<Eigen::Index>(row);
    const double* center = points.numeric.data() + r * points.numeric.cols();
    const int32_t* mode = points.categorical.data() + r * points.categorical.cols();
    for (size_t other : sample)
      sums[labels[other]] += std::sqrt(Dissimilarity(points, other, center, mode));
    double a = sums[own] / static_cast<double>(sizes[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < k; ++c)
      if (c != own && sizes[c] > 0) b = std::min(b, sums[c] / static_cast<double>(sizes[c]));
    double scale = std::max(a, b);
    score[i] = scale > 0 ? (b - a) / scale : 0;
  });
  double total = 0;
  for (double s : score) total += s;
  return total / static_cast<double>(sample.size());
}

}  // namespace acctseg::learn
