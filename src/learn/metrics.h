// How well scores separate wins from losses, for every learner alike.
#pragma once

#include <cstdint>
#include <vector>

namespace acctseg::learn {

// Area under the ROC curve: the chance that a random win scores above a
// random loss, ties counting half (the Mann-Whitney statistic). NaN when
// either class is absent.
double RocAuc(const std::vector<double>& scores, const std::vector<uint8_t>& outcome);

// Average precision (area under the precision-recall curve as scikit-learn's
// average_precision_score computes it: precision at each distinct
// threshold, weighted by the recall gained). NaN without wins.
double AveragePrecision(const std::vector<double>& scores, const std::vector<uint8_t>& outcome);

// Mean and sample standard deviation (n - 1) of per-fold figures.
struct Spread {
  double mean = 0;
  double sd = 0;
};
Spread MeanAndSd(const std::vector<double>& values);

}  // namespace acctseg::learn
