// Calibration of a model's probabilities on out-of-fold predictions: an
// isotonic (monotone, piecewise-linear) map from the model's probability to
// the observed win rate, fitted by pool-adjacent-violators as
// scikit-learn's IsotonicRegression does, and the decile table that shows
// how far predicted and observed rates agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace acctseg::learn {

class IsotonicCalibration {
 public:
  IsotonicCalibration() = default;
  // Fits on (score, outcome) pairs; both vectors the same length.
  static IsotonicCalibration Fit(const std::vector<double>& scores,
                                 const std::vector<uint8_t>& outcome);
  // From stored knots (x ascending, y non-decreasing).
  IsotonicCalibration(std::vector<double> x, std::vector<double> y);

  // The calibrated probability: linear between knots, clipped outside
  // them; the score itself when nothing was fitted.
  double Apply(double score) const;
  // Apply of `count` scores into `out` (which may be `scores`), their knots
  // found side by side: a score's halving is a chain of dependent loads,
  // and the chains of several scores overlap where one at a time waits on
  // each load.
  void ApplyAll(const double* scores, size_t count, double* out) const;
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }

 private:
  // Apply's value for `score`, given `below`, the last knot at or below it
  // whenever it lies strictly between the first and the last knot.
  double ValueAt(double score, const double* below) const;

  std::vector<double> x_, y_;
};

// One row of a calibration table: rows whose prediction fell in this
// decile, their mean predicted probability and observed win rate.
struct CalibrationBin {
  size_t rows = 0;
  double predicted = 0;
  double observed = 0;
};

// Rows sorted by prediction and cut into `bins` groups of equal count (ties
// may straddle a cut); empty groups are left out.
std::vector<CalibrationBin> CalibrationTable(const std::vector<double>& predicted,
                                             const std::vector<uint8_t>& outcome, int bins = 10);

}  // namespace acctseg::learn
