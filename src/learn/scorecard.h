// A learned scorecard, credit-scorecard style: weight-of-evidence bins per
// feature (woe_binning.h), features with too little information value
// dropped, a logistic regression on the WoE values (logistic_regression.h),
// and whole points per bin so that a row's score is the sum of its bins'
// points, the scaled log-odds of a win:
//   score  = offset + factor · ln(odds of a win),  factor = pdo / ln 2,
//            offset = base_points - factor · ln(base_odds)
//   points = round((β·woe + α/n) · factor + offset/n)   for n features.
// (Credit scorecards model the odds of a default and so carry a minus
// sign; here the modelled class is the win, so more points = likelier
// to win, and every pdo points double the odds.)
// Deterministic: the same frame and options give the same card.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learn/learning_frame.h"
#include "learn/logistic_regression.h"
#include "learn/metrics.h"
#include "learn/woe_binning.h"

namespace acctseg::learn {

struct ScorecardOptions {
  BinningOptions binning;
  double min_iv = 0.02;  // features below are dropped ("not predictive" by the usual rule)
  LogisticOptions logistic;
  double base_points = 600;  // the score at base_odds
  double base_odds = 1;      // odds of a win (wins:losses) that score base_points
  double pdo = 20;           // points that double the odds
  int folds = 5;
  uint64_t seed = 1;
};

struct ScorecardFeature {
  BinnedFeature binned;
  size_t frame_index = 0;       // into LearningFrame::features
  double coefficient = 0;       // β
  std::vector<int64_t> points;  // per bin of `binned`
};

struct DroppedFeature {
  std::string name;
  std::string reason;  // "one bin only", "IV 0.004 below 0.02"
};

struct Scorecard {
  std::vector<ScorecardFeature> features;
  std::vector<DroppedFeature> dropped;
  double intercept = 0;  // α
  double factor = 0;
  double offset = 0;
  int iterations = 0;
  bool converged = false;
  bool separated = false;  // the training rows separate perfectly (AUC 1)
};

// Fits a card on the rows listed. Errors (kUsage): no feature left, naming
// why each was dropped.
Scorecard FitScorecard(const LearningFrame& frame, const std::vector<size_t>& rows,
                       const ScorecardOptions& options);

// Each listed row's score: the sum of its bins' points.
std::vector<double> ScoreRows(const Scorecard& card, const LearningFrame& frame,
                              const std::vector<size_t>& rows);

struct ScorecardResult {
  Scorecard card;                // fitted on every row
  std::vector<double> fold_auc;  // the card of the other folds on each fold
  Spread cv_auc;
  double training_auc = 0;  // the final card on its own rows (what a run reproduces)
  size_t rows = 0;
  size_t wins = 0;
  std::vector<std::string> notes;  // dropped features, convergence, separation
};

// The card on all rows, then k-fold cross-validation (StratifiedFolds with
// options.seed). Errors: as StratifiedFolds and FitScorecard; the all-rows
// card is fitted first, so "no features left" gives the data's IVs, and a
// fold that alone leaves no feature is named as such.
ScorecardResult LearnScorecard(const LearningFrame& frame, const ScorecardOptions& options);

}  // namespace acctseg::learn
