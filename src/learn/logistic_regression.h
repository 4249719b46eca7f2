// Logistic regression with an L2 penalty, fitted by Newton's method
// (iteratively reweighted least squares) with Eigen. It minimizes
//   sum of log-losses + l2/2 · |coefficients|²
// (the intercept is not penalized), the objective of scikit-learn's
// LogisticRegression with C = 1/l2, so the two can be compared. The
// penalty also keeps the coefficients finite when the classes separate
// perfectly. Deterministic; no state.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace acctseg::learn {

struct LogisticOptions {
  double l2 = 1.0;
  int max_iterations = 100;
  double tolerance = 1e-10;  // largest change of any coefficient in the last step
};

struct LogisticFit {
  double intercept = 0;
  Eigen::VectorXd coefficients;
  int iterations = 0;
  bool converged = false;  // false: max_iterations reached; the fit is the last step's
};

// `features` has one row per example; `outcome` 0/1 per row.
LogisticFit FitLogistic(const Eigen::MatrixXd& features, const std::vector<uint8_t>& outcome,
                        const LogisticOptions& options);

}  // namespace acctseg::learn
