// Propensity to buy: trains gradient-boosted trees on a learning frame and
// says honestly how good they are — k-fold stratified cross-validated ROC
// AUC and PR AUC with their spread, a calibration table of the out-of-fold
// predictions, a held-out time split when the frame has outcome dates —
// after a leakage guard has set aside any feature that alone separates wins
// from losses almost perfectly (leakage.h). The final model is fitted on
// every row and calibrated on the out-of-fold predictions.
//
// Same frame, options and seed -> the same model bytes and the same scores,
// whatever the thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learn/leakage.h"
#include "learn/metrics.h"
#include "learn/propensity_model.h"

namespace acctseg::learn {

struct PropensityOptions {
  // 0 = chosen from the frame's size (training_size.h): 5 folds of 200
  // trees at learning rate 0.1 unless the rows make that too costly.
  int folds = 0;
  uint64_t seed = 1;
  int trees = 0;
  int depth = 6;
  double learning_rate = 0;
  double min_child_weight = 1;
  bool native_categorical = true;  // false: categories as ordinal codes
  double leak_auc = 0.95;          // single-feature AUC at or above which a feature is flagged
  bool keep_leaky = false;         // flag, but keep, leaking features
  int threads = 0;                 // 0 = all cores
  size_t top_reasons = 3;
  bool want_scores = false;       // fill report.oof_reasons (costs a TreeSHAP pass)
  size_t importance_rows = 2000;  // rows sampled for mean |SHAP| (0 = all): TreeSHAP is costly
};

struct FeatureImportance {
  std::string feature;
  double mean_abs_shap = 0;  // in log-odds
};

struct PropensityReport {
  size_t rows = 0;
  size_t wins = 0;
  std::vector<std::string> features_used;
  std::vector<LeakCheck> leak_checks;  // every feature's single-feature AUC, flagged ones marked
  std::vector<std::string> excluded;   // features left out, with why ("x: single-feature AUC 0.99")
  int folds = 0;
  std::string sizing;  // why the default folds/trees were not used ("" when they were)
  std::vector<double> fold_roc_auc, fold_pr_auc;
  Spread roc_auc, pr_auc;
  double oof_roc_auc = 0;                   // AUC of all out-of-fold predictions pooled
  std::vector<CalibrationBin> calibration;  // raw out-of-fold predictions by decile
  std::vector<CalibrationBin> calibrated;   // the same after calibration (in-sample)
  bool has_time_split = false;
  size_t time_train_rows = 0, time_test_rows = 0;
  double time_split_day = 0;  // first day of the test part (days since 1970-01-01)
  double time_roc_auc = 0;
  // With outcome dates but no time split: why ("all 200 dated rows fall on
  // one day, 2024-05-05 (...)"); "" otherwise.
  std::string time_split_skipped;
  std::vector<FeatureImportance> importance;  // final model, largest first
  std::vector<int> fold_of_row;
  std::vector<double> oof_probability;  // calibrated out-of-fold probability per row
  Prediction oof_reasons;  // when want_scores: each row's reasons from its fold's model
  // The reason columns of ScoresCsv: options.top_reasons, even where the
  // model has fewer features (oof_reasons.top_reasons), so a script can
  // count on reason_1..reason_3.
  size_t reason_columns = 0;
  double seconds = 0;
};

struct PropensityTraining {
  PropensityModel model;
  PropensityReport report;
};

// Errors (kUsage): too few rows of a class for the folds (StratifiedFolds),
// no feature left after the leakage guard, out-of-range options.
PropensityTraining TrainPropensity(const LearningFrame& frame, const PropensityOptions& options);

}  // namespace acctseg::learn
