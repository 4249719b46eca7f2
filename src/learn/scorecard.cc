#include "learn/scorecard.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"
#include "learn/folds.h"

namespace acctseg::learn {
namespace {

std::vector<uint8_t> OutcomeOf(const LearningFrame& frame, const std::vector<size_t>& rows) {
  std::vector<uint8_t> out;
  out.reserve(rows.size());
  for (size_t row : rows) out.push_back(frame.outcome[row]);
  return out;
}

// Keeps the features worth a place on the card; says why the others are not.
void BinFeatures(Scorecard& card, const LearningFrame& frame, const std::vector<size_t>& rows,
                 const ScorecardOptions& options) {
  for (size_t i = 0; i < frame.features.size(); ++i) {
    ScorecardFeature feature;
    feature.binned = BinFeature(frame.features[i], frame.outcome, rows, options.binning);
    feature.frame_index = i;
    const WoeBin& missing = feature.binned.bins.back();
    size_t occupied = feature.binned.OccupiedBins() + (missing.deals() > 0 ? 1 : 0);
    if (occupied < 2)
      // Every row alike, or bins merged until one was left: each bin must
      // hold --min-bin-share of the rows.
      card.dropped.push_back(
          {feature.binned.name,
           options.binning.min_bin_share > 0.5
               ? fmt::format("one bin only (--min-bin-share {} leaves room for one)",
                             options.binning.min_bin_share)
               : "one bin only (every row alike, or too few in each other bin for "
                 "--min-bin-share " +
                     fmt::format("{}", options.binning.min_bin_share) + ")"});
    else if (feature.binned.iv < options.min_iv)
      card.dropped.push_back(
          {feature.binned.name, "IV " + fmt::format("{:.4f}", feature.binned.iv) +
                                    " below --min-iv " + fmt::format("{:.4f}", options.min_iv)});
    else
      card.features.push_back(std::move(feature));
  }
  if (!card.features.empty()) return;
  std::string why;
  for (const DroppedFeature& d : card.dropped)
    why += (why.empty() ? "" : "; ") + d.name + ": " + d.reason;
  throw Error(ErrorKind::kUsage,
              "no features left for the scorecard" +
                  (why.empty() ? std::string(" (the frame has none)") : " (" + why + ")") +
                  "; add features, or lower --min-iv or --min-bin-share as the reasons say");
}

}  // namespace

Scorecard FitScorecard(const LearningFrame& frame, const std::vector<size_t>& rows,
                       const ScorecardOptions& options) {
  Scorecard card;
  BinFeatures(card, frame, rows, options);
  const size_t n = card.features.size();
  Eigen::MatrixXd woe(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(n));
  for (size_t j = 0; j < n; ++j) {
    const ScorecardFeature& f = card.features[j];
    const Feature& source = frame.features[f.frame_index];
    for (size_t r = 0; r < rows.size(); ++r)
      woe(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) =
          f.binned.bins[f.binned.BinOf(source, rows[r])].woe;
  }
  std::vector<uint8_t> outcome = OutcomeOf(frame, rows);
  LogisticFit fit = FitLogistic(woe, outcome, options.logistic);
  card.intercept = fit.intercept;
  card.iterations = fit.iterations;
  card.converged = fit.converged;
  Eigen::VectorXd logit = (woe * fit.coefficients).array() + fit.intercept;
  card.separated =
      RocAuc(std::vector<double>(logit.data(), logit.data() + logit.size()), outcome) >= 1.0;

  card.factor = options.pdo / std::log(2.0);
  card.offset = options.base_points - card.factor * std::log(options.base_odds);
  const double per_feature = card.offset / static_cast<double>(n);
  for (size_t j = 0; j < n; ++j) {
    ScorecardFeature& f = card.features[j];
    f.coefficient = fit.coefficients[static_cast<Eigen::Index>(j)];
    for (const WoeBin& bin : f.binned.bins)
      f.points.push_back(std::llround(
          (f.coefficient * bin.woe + fit.intercept / static_cast<double>(n)) * card.factor +
          per_feature));
  }
  return card;
}

std::vector<double> ScoreRows(const Scorecard& card, const LearningFrame& frame,
                              const std::vector<size_t>& rows) {
  std::vector<double> scores(rows.size(), 0);
  for (const ScorecardFeature& f : card.features) {
    const Feature& source = frame.features[f.frame_index];
    for (size_t r = 0; r < rows.size(); ++r)
      scores[r] += static_cast<double>(f.points[f.binned.BinOf(source, rows[r])]);
  }
  return scores;
}

ScorecardResult LearnScorecard(const LearningFrame& frame, const ScorecardOptions& options) {
  ScorecardResult result;
  std::vector<int> fold_of = StratifiedFolds(frame.outcome, options.folds, options.seed);
  // The card on every row first: when no feature is left, its IVs are the
  // ones the report would show, and the ones to pick a new --min-iv from.
  std::vector<size_t> all(frame.rows());
  for (size_t row = 0; row < all.size(); ++row) all[row] = row;
  result.card = FitScorecard(frame, all, options);
  result.training_auc = RocAuc(ScoreRows(result.card, frame, all), frame.outcome);

  for (int fold = 0; fold < options.folds; ++fold) {
    std::vector<size_t> train, test;
    for (size_t row = 0; row < frame.rows(); ++row)
      (fold_of[row] == fold ? test : train).push_back(row);
    Scorecard card;
    try {
      card = FitScorecard(frame, train, options);
    } catch (const Error& e) {
      // Every row keeps a feature, a fold's training rows do not: a
      // feature's IV near --min-iv. Say so, with the IVs of every row, or
      // the fold's figures read as the data's.
      std::string kept;
      for (const ScorecardFeature& f : result.card.features)
        kept +=
            fmt::format("{}{} (IV {:.4f})", kept.empty() ? "" : ", ", f.binned.name, f.binned.iv);
      throw Error(e.kind(), fmt::format("cross-validation fold {} of {} (the card on the other "
                                        "folds' rows): {}. On all rows the card keeps {}: "
                                        "choose a --min-iv clear of their IVs",
                                        fold + 1, options.folds, e.what(), kept));
    }
    result.fold_auc.push_back(RocAuc(ScoreRows(card, frame, test), OutcomeOf(frame, test)));
  }
  result.cv_auc = MeanAndSd(result.fold_auc);
  result.rows = frame.rows();
  for (uint8_t won : frame.outcome) result.wins += won;

  const Scorecard& card = result.card;
  for (const DroppedFeature& d : card.dropped)
    result.notes.push_back("feature \"" + d.name + "\" left out: " + d.reason);
  if (!card.converged)
    result.notes.push_back("the logistic regression did not converge in " +
                           std::to_string(card.iterations) +
                           " iterations; the points are those of the last step");
  if (card.separated)
    result.notes.push_back(
        "the features separate wins from losses perfectly on the training rows; the L2 "
        "penalty (--l2) keeps the coefficients finite, but check for a leaking column");
  for (const ScorecardFeature& f : card.features)
    if (f.coefficient < 0)
      result.notes.push_back("feature \"" + f.binned.name + "\" has a negative coefficient (" +
                             fmt::format("{:.4f}", f.coefficient) +
                             "): it overlaps with others, so its points run against its own "
                             "win rates; consider leaving it out");
  return result;
}

}  // namespace acctseg::learn
