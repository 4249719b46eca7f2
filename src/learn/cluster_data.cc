#include "learn/cluster_data.h"

#include <cmath>

#include "common/error.h"
#include "common/group_digits.h"

namespace acctseg::learn {
namespace {

bool IsConstant(const Feature& feature) {
  if (feature.kind == FeatureKind::kCategorical) {
    for (int32_t code : feature.codes)
      if (code != feature.codes.front()) return false;
    return true;
  }
  return HasOneValueOnly(feature.values);
}

}  // namespace

ClusterInput PrepareClusterInput(const LearningFrame& frame, bool use_categorical) {
  ClusterInput input;
  ClusterFeatures& used = input.features;
  const size_t rows = frame.rows();
  if (rows < 2)
    throw Error(ErrorKind::kUsage, "clustering needs at least 2 rows, got " + std::to_string(rows));
  for (size_t f = 0; f < frame.features.size(); ++f) {
    const Feature& feature = frame.features[f];
    if (IsConstant(feature)) {
      used.notes.push_back(feature.name + ": constant, not a clustering feature");
    } else if (feature.kind == FeatureKind::kNumeric) {
      used.numeric.push_back(f);
    } else if (use_categorical) {
      used.categorical.push_back(f);
    } else {
      used.notes.push_back(feature.name +
                           ": categorical, left out by --method kmeans (k-prototypes uses it)");
    }
  }
  if (used.numeric.empty() && used.categorical.empty())
    throw Error(ErrorKind::kUsage,
                use_categorical ? "no numeric or categorical feature to cluster on (see --features)"
                                : "no numeric feature for --method kmeans (see --features, or "
                                  "--method kprototypes for categorical features)");

  ClusterPoints& points = input.points;
  points.numeric.resize(static_cast<Eigen::Index>(rows),
                        static_cast<Eigen::Index>(used.numeric.size()));
  double sum_squares = 0;  // over every numeric value, for gamma
  for (size_t j = 0; j < used.numeric.size(); ++j) {
    const Feature& feature = frame.features[used.numeric[j]];
    double sum = 0, present = 0;
    for (double v : feature.values)
      if (!std::isnan(v)) sum += v, ++present;
    double mean = sum / present, squares = 0;
    for (double v : feature.values)
      if (!std::isnan(v)) squares += (v - mean) * (v - mean);
    double sd = std::sqrt(squares / present);
    size_t imputed = rows - static_cast<size_t>(present);
    for (size_t r = 0; r < rows; ++r) {
      double v = feature.values[r];
      double z = std::isnan(v) ? 0.0 : (v - mean) / sd;
      points.numeric(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = z;
      sum_squares += z * z;
    }
    used.means.push_back(mean);
    used.sds.push_back(sd);
    used.imputed.push_back(imputed);
    if (imputed > 0)
      used.notes.push_back(feature.name + ": " + GroupDigits(std::to_string(imputed)) +
                           " missing values clustered as the mean");
  }
  points.categorical.resize(static_cast<Eigen::Index>(rows),
                            static_cast<Eigen::Index>(used.categorical.size()));
  for (size_t j = 0; j < used.categorical.size(); ++j) {
    const Feature& feature = frame.features[used.categorical[j]];
    for (size_t r = 0; r < rows; ++r)
      points.categorical(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) =
          feature.codes[r];
  }
  // kmodes' default: gamma = half the standard deviation of the numeric
  // values taken together; on z-scores that is about 0.5. Without numeric
  // features the cost is a plain mismatch count.
  double values = static_cast<double>(rows * used.numeric.size());
  points.gamma = used.numeric.empty() ? 1.0 : 0.5 * std::sqrt(sum_squares / values);
  return input;
}

double Dissimilarity(const ClusterPoints& points, size_t row, const double* center,
                     const int32_t* mode) {
  const Eigen::Index r = static_cast<Eigen::Index>(row);
  double cost = 0;
  const double* x = points.numeric.data() + r * points.numeric.cols();
  for (Eigen::Index j = 0; j < points.numeric.cols(); ++j) {
    double d = x[j] - center[j];
    cost += d * d;
  }
  const int32_t* codes = points.categorical.data() + r * points.categorical.cols();
  int mismatches = 0;
  for (Eigen::Index j = 0; j < points.categorical.cols(); ++j) mismatches += codes[j] != mode[j];
  return cost + points.gamma * mismatches;
}

}  // namespace acctseg::learn
