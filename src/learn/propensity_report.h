// What `acctseg learn propensity` prints: the training report as text for a
// person or JSON for a program, and the CSV files it can write beside it
// (each row's out-of-fold score with its reasons; each row's fold; the
// frame itself for the scikit-learn reference in bench/learn/).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "learn/propensity.h"

namespace acctseg::learn {

// The half-width of a 95% interval of the mean of `n` per-fold figures
// with sample sd `sd` (Student's t with n - 1 degrees of freedom).
double Interval95(double sd, size_t n);

// The calibration tables: {"out_of_fold": deciles of the raw out-of-fold
// predictions, "calibrated": the same after the isotonic fit}, each a list
// of {rows, predicted, observed}; as the JSON report has them, and as a
// stored model keeps them.
nlohmann::json CalibrationJson(const PropensityReport& report);

std::string PropensityText(const PropensityReport& report, const PropensityModel& model,
                           const std::string& outcome);
nlohmann::json PropensityJson(const PropensityReport& report, const PropensityModel& model,
                              const std::string& outcome);

// id,probability,reason_1..reason_k (needs report.oof_reasons), k =
// report.reason_columns: a reason beyond the model's features is empty.
std::string ScoresCsv(const LearningFrame& frame, const PropensityReport& report);
// id,fold
std::string FoldsCsv(const LearningFrame& frame, const PropensityReport& report);
// fold,outcome, then the model's features: numeric values as is (empty =
// missing), categories as their codes in the model's sorted order (empty =
// missing); a header "n:NAME" marks a numeric column, "c:NAME" a
// categorical one.
std::string FrameCsv(const LearningFrame& frame, const PropensityReport& report,
                     const PropensityModel& model);

}  // namespace acctseg::learn
