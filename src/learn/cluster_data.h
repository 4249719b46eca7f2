// What the clustering learners read: the frame's features turned into
// points. Numeric features become z-scores ((x - mean) / sd, population sd
// as scikit-learn's StandardScaler) with a missing value imputed by the
// mean (z = 0); categorical features keep their codes, a missing value
// being a category of its own (-1). Constant features (one value, or
// nothing but missing values) cannot separate anything and are dropped
// with a note.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "learn/learning_frame.h"

namespace acctseg::learn {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CodeMatrix = Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ClusterPoints {
  RowMatrix numeric;       // rows × numeric features, z-scores
  CodeMatrix categorical;  // rows × categorical features, codes (-1 = missing)
  // Weight of one categorical mismatch against squared z-score distance
  // (k-prototypes' gamma); unused without categorical features.
  double gamma = 0.5;

  size_t rows() const {
    return static_cast<size_t>(numeric.cols() ? numeric.rows() : categorical.rows());
  }
};

struct ClusterFeatures {
  // Indexes into frame.features of the features used, numeric then
  // categorical, in frame order.
  std::vector<size_t> numeric;
  std::vector<size_t> categorical;
  std::vector<double> means;       // per numeric feature, original units
  std::vector<double> sds;         // per numeric feature, population sd
  std::vector<size_t> imputed;     // per numeric feature: missing values given the mean
  std::vector<std::string> notes;  // constant features dropped, imputations
};

struct ClusterInput {
  ClusterFeatures features;
  ClusterPoints points;
};

// With use_categorical false (plain k-means), categorical features are left
// out with a note. Errors (kUsage): no usable feature left ("no numeric or
// categorical feature to cluster on"), fewer than 2 rows.
ClusterInput PrepareClusterInput(const LearningFrame& frame, bool use_categorical);

// Squared distance between row `row` of `points` and a prototype: squared
// Euclidean on the numeric part plus gamma per categorical mismatch.
double Dissimilarity(const ClusterPoints& points, size_t row, const double* center,
                     const int32_t* mode);

}  // namespace acctseg::learn
