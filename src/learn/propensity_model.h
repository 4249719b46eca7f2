// A trained propensity-to-buy model: gradient-boosted trees (XGBoost) plus
// what is needed to read new rows the way the training rows were read (each
// feature's name, kind and categories as text) and the calibration fitted
// on out-of-fold predictions. Immutable once built; Predict may be called
// from several threads at once (scores come from our own copy of the trees,
// and exact reasons borrow a cache per call: exact_shap.h).
//
// Reasons are exact TreeSHAP contributions in log-odds: for each row the
// contributions plus the model's bias add up to the row's raw score, and
// the largest |contribution| are the row's reasons ("industry = Software:
// +0.12").
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learn/calibration.h"
#include "learn/learning_frame.h"

namespace acctseg::learn {

// One feature as the model was trained on it.
struct ModelFeature {
  std::string name;
  FeatureKind kind = FeatureKind::kNumeric;
  std::vector<std::string> categories;  // kCategorical: the training codes' texts
  // No training row lacked it. Its trees' default branches (where a NULL
  // goes) were then never chosen by data: scoring a NULL is a guess. False
  // also for a model stored before this was recorded.
  bool complete = false;
};

// One reason for one row: the feature, the row's value in words, and the
// feature's SHAP contribution to the row's log-odds.
struct Reason {
  std::string feature;
  std::string value;  // "Software", "25000", "(missing)"
  double contribution = 0;
};

// "industry = Software: +0.12" (two decimals, signed).
std::string ReasonText(const Reason& reason);

// Scores of a frame's rows.
struct Prediction {
  std::vector<double> probability;  // calibrated, one per row
  std::vector<double> raw;          // the boosted model's own probability
  size_t top_reasons = 0;           // reasons per row (fewer if the model has fewer features)
  std::vector<Reason> reasons;      // rows * top_reasons, row-major, largest |contribution| first
  const Reason* ReasonsOf(size_t row) const { return reasons.data() + row * top_reasons; }
};

// What training chose and measured, kept with the model (`models show`).
struct ModelParameters {
  int trees = 0;
  int depth = 0;
  double learning_rate = 0;
  double min_child_weight = 0;
  uint64_t seed = 0;
  bool native_categorical = true;  // XGBoost's categorical splits, else ordinal codes
};

class PropensityModel {
 public:
  // Built by training (propensity.h). `booster` is XGBoost's UBJSON model.
  PropensityModel(std::string booster, std::vector<ModelFeature> features,
                  ModelParameters parameters, IsotonicCalibration calibration,
                  nlohmann::json metrics);
  ~PropensityModel();
  PropensityModel(PropensityModel&&) noexcept;
  PropensityModel& operator=(PropensityModel&&) noexcept;

  // Reads what ToBytes wrote. Errors: Error(kStore) when the bytes are not
  // a propensity model or are damaged.
  static PropensityModel FromBytes(std::string_view bytes);
  // Self-contained: a header line, the JSON description (features,
  // parameters, calibration, metrics) and XGBoost's UBJSON booster. The
  // same training gives the same bytes.
  std::string ToBytes() const;

  const std::vector<ModelFeature>& features() const { return features_; }
  const ModelParameters& parameters() const { return parameters_; }
  const IsotonicCalibration& calibration() const { return calibration_; }
  // Parameters, features, calibration size and the training metrics.
  nlohmann::json Describe() const;

  // Scores `frame`'s rows. Features are matched by name (extra frame
  // columns are ignored); categories by their text, a category the model
  // never saw counting as missing. Errors (kUsage): a model feature the
  // frame lacks, or one whose kind changed (numeric vs text), named.
  // `exact` reasons are TreeSHAP (Shapley values: fair to features that
  // interact; XGBoost's contributions bit for bit, computed once per cell
  // of each tree's partition and shared by the rows in it: exact_shap.h);
  // otherwise each tree's path attribution (Saabas: every split credits its
  // feature with the change in the expected score, O(trees x depth) per
  // row, same sum, but it favours features split near the leaves).
  Prediction Predict(const LearningFrame& frame, size_t top_reasons, bool exact = true) const;

  // What Predict does with rows already encoded (`rows` rows of `x`,
  // row-major, one float per feature in features() order: numbers, the
  // model's category codes, NaN missing), for callers that read the
  // engine's columns themselves: the margins and, unless `contributions`
  // is null, rows x (features + 1) contributions (the bias last), exact or
  // path attributions as in Predict. Thread-safe.
  void Score(const float* x, size_t rows, bool exact, float* margins, float* contributions) const;
  // Fills the exact Shapley values' tables now, which Score's first large
  // exact call would otherwise do (ExactShap::Prepare). Thread-safe.
  void PrepareExactShap() const;
  // A margin's calibrated probability, as Predict's `probability`.
  double Probability(float margin) const;
  // Probability of `count` margins into `out`, the calibration's knots
  // found for several at once (IsotonicCalibration::ApplyAll).
  void Probabilities(const float* margins, size_t count, double* out) const;

 private:
  struct Booster;  // the loaded XGBoost booster (xgb_handles.h)
  std::string booster_bytes_;
  std::vector<ModelFeature> features_;
  ModelParameters parameters_;
  IsotonicCalibration calibration_;
  nlohmann::json metrics_;
  std::unique_ptr<Booster> booster_;
};

}  // namespace acctseg::learn
