#include "learn/propensity.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "common/error.h"
#include "learn/exact_shap.h"
#include "learn/folds.h"
#include "learn/propensity_encoding.h"
#include "learn/training_size.h"
#include "learn/tree_ensemble.h"
#include "learn/xgb_handles.h"
#include "table/date_time.h"

namespace acctseg::learn {
namespace {

// What one training needs besides its rows.
struct TrainingSetup {
  const FrameEncoder& encoder;
  const std::vector<ModelFeature>& features;
  const PropensityOptions& options;
  const std::vector<uint8_t>& outcome;
  int threads;
};

XgbMatrix MatrixOf(const TrainingSetup& setup, const std::vector<size_t>& rows) {
  return XgbMatrix(setup.encoder.Encode(rows), rows.size(),
                   FeatureTypes(setup.features, setup.options.native_categorical), setup.threads);
}

// Boosts `options.trees` trees on `rows`. No row sampling, so the trees
// depend on the data and parameters only.
std::unique_ptr<XgbBooster> TrainOn(const TrainingSetup& setup, const std::vector<size_t>& rows) {
  XgbMatrix train = MatrixOf(setup, rows);
  std::vector<float> labels(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) labels[i] = setup.outcome[rows[i]];
  train.SetLabels(labels);
  auto booster = std::make_unique<XgbBooster>(train);
  const PropensityOptions& o = setup.options;
  booster->SetParam("objective", "binary:logistic");
  booster->SetParam("tree_method", "hist");
  booster->SetParam("max_depth", std::to_string(o.depth));
  booster->SetParam("eta", std::to_string(o.learning_rate));
  booster->SetParam("min_child_weight", std::to_string(o.min_child_weight));
  booster->SetParam("seed", std::to_string(o.seed));
  booster->SetParam("nthread", std::to_string(setup.threads));
  booster->SetParam("verbosity", "0");
  for (int tree = 0; tree < o.trees; ++tree) booster->UpdateOneIter(tree, train);
  return booster;
}

std::vector<double> PredictRows(const TrainingSetup& setup, const XgbBooster& booster,
                                const std::vector<size_t>& rows) {
  std::vector<float> p = booster.Predict(MatrixOf(setup, rows), 0);
  return std::vector<double>(p.begin(), p.end());
}

// Exact TreeSHAP contributions of `rows`, rows x (features + 1): XGBoost's
// contribution prediction, without its cost per row (exact_shap.h).
std::vector<float> ContributionsOf(const TrainingSetup& setup, const XgbBooster& booster,
                                   const std::vector<size_t>& rows) {
  TreeEnsemble trees = TreeEnsemble::FromXgboostUbjson(booster.SaveUbjson());
  ExactShap shap(trees);
  std::vector<float> x = setup.encoder.Encode(rows), margins(rows.size());
  std::vector<float> contributions(rows.size() * (setup.features.size() + 1));
  shap.Compute(x.data(), rows.size(), margins.data(), contributions.data());
  return contributions;
}

void Validate(const PropensityOptions& o) {
  if (o.trees < 0) throw Error(ErrorKind::kUsage, "--trees must be at least 1");
  if (o.folds < 0) throw Error(ErrorKind::kUsage, "--folds must be at least 2");
  if (o.depth < 1 || o.depth > 16) throw Error(ErrorKind::kUsage, "--depth must be 1 to 16");
  if (!(o.learning_rate >= 0 && o.learning_rate <= 1))
    throw Error(ErrorKind::kUsage, "--learning-rate must be above 0 and at most 1");
  if (!(o.leak_auc > 0.5 && o.leak_auc <= 1))
    throw Error(ErrorKind::kUsage, "--leak-auc must be above 0.5 and at most 1");
}

// Chooses the features: every frame feature but constant ones and, unless
// kept, those the leakage guard flags.
std::vector<ModelFeature> ChooseFeatures(const LearningFrame& frame, const PropensityOptions& o,
                                         PropensityReport& report) {
  report.leak_checks = CheckLeakage(frame, o.leak_auc);
  std::vector<ModelFeature> features;
  for (size_t f = 0; f < frame.features.size(); ++f) {
    const LeakCheck& check = report.leak_checks[f];
    const Feature& feature = frame.features[f];
    if (check.constant) {
      report.excluded.push_back(feature.name + ": one value in every row (or all missing)");
      continue;
    }
    if (check.flagged && !o.keep_leaky) {
      report.excluded.push_back(LeakMessage(check, false));
      continue;
    }
    bool complete = true;
    for (size_t r = 0; r < feature.rows() && complete; ++r) complete = !feature.IsMissing(r);
    features.push_back({feature.name, feature.kind, feature.categories, complete});
    report.features_used.push_back(feature.name);
  }
  if (features.empty()) {
    // Each one's reason: "all excluded" alone left the user guessing.
    std::string reasons;
    for (const std::string& excluded : report.excluded) reasons += "; " + excluded;
    throw Error(ErrorKind::kUsage,
                "no feature is left to learn from (" + std::to_string(frame.features.size()) +
                    " in the frame, all excluded: see --features, --keep-leaky)" + reasons);
  }
  return features;
}

std::string DayText(double day) { return FormatDate(static_cast<int64_t>(std::floor(day))); }

// Why rows in `rows` (sorted by day) cannot be one side of the split: one
// class only ("" when they have both).
std::string OneClassOnly(const LearningFrame& frame, const std::vector<size_t>& rows,
                         const std::string& which) {
  size_t wins = 0;
  for (size_t r : rows) wins += frame.outcome[r];
  if (wins > 0 && wins < rows.size()) return "";
  return which + " (" + std::to_string(rows.size()) + " rows, " +
         DayText(frame.outcome_day[rows.front()]) + " to " +
         DayText(frame.outcome_day[rows.back()]) + ") are all " + (wins ? "wins" : "losses");
}

// Train on the earliest ~80% of dated rows, test on the rest; or say in
// report.time_split_skipped why the dates allow no such split.
void TimeSplit(const LearningFrame& frame, const TrainingSetup& setup, PropensityReport& report) {
  std::vector<size_t> dated;
  for (size_t r = 0; r < frame.rows(); ++r)
    if (!std::isnan(frame.outcome_day[r])) dated.push_back(r);
  std::string& skipped = report.time_split_skipped;
  if (dated.size() < 2) {
    skipped = std::to_string(dated.size()) + " of " + std::to_string(frame.rows()) +
              " rows have a date in \"" + frame.outcome_day_name + "\"";
    return;
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [&](size_t a, size_t b) { return frame.outcome_day[a] < frame.outcome_day[b]; });
  size_t cut = dated.size() * 8 / 10;
  // Rows of the same day stay on one side.
  while (cut > 0 && cut < dated.size() &&
         frame.outcome_day[dated[cut]] == frame.outcome_day[dated[cut - 1]])
    ++cut;
  const double first = frame.outcome_day[dated.front()], last = frame.outcome_day[dated.back()];
  if (cut == dated.size()) {
    skipped = first == last
                  ? "all " + std::to_string(dated.size()) + " dated rows fall on one day, " +
                        DayText(first) + " (rows of one day never straddle the cut)"
                  : "the rows from the 80% cut on all fall on the last day, " + DayText(last) +
                        " (rows of one day never straddle the cut)";
    return;
  }
  std::vector<size_t> train(dated.begin(), dated.begin() + cut),
      test(dated.begin() + cut, dated.end());
  skipped = OneClassOnly(frame, train, "the earlier rows to train on");
  if (skipped.empty()) skipped = OneClassOnly(frame, test, "the later rows to test on");
  if (!skipped.empty()) return;
  std::vector<uint8_t> test_outcome;
  for (size_t r : test) test_outcome.push_back(frame.outcome[r]);
  report.has_time_split = true;
  report.time_train_rows = train.size();
  report.time_test_rows = test.size();
  report.time_split_day = frame.outcome_day[test.front()];
  report.time_roc_auc = RocAuc(PredictRows(setup, *TrainOn(setup, train), test), test_outcome);
}

// Mean |SHAP| per feature over an evenly spaced sample of rows.
std::vector<FeatureImportance> Importance(const TrainingSetup& setup, const XgbBooster& booster,
                                          size_t rows, size_t sample) {
  size_t stride = sample == 0 || rows <= sample ? 1 : (rows + sample - 1) / sample;
  std::vector<size_t> picked;
  for (size_t r = 0; r < rows; r += stride) picked.push_back(r);
  std::vector<float> shap = ContributionsOf(setup, booster, picked);
  size_t width = setup.features.size() + 1;
  std::vector<FeatureImportance> out;
  for (size_t f = 0; f < setup.features.size(); ++f) {
    double sum = 0;
    for (size_t i = 0; i < picked.size(); ++i) sum += std::fabs(shap[i * width + f]);
    out.push_back({setup.features[f].name, sum / picked.size()});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.mean_abs_shap > b.mean_abs_shap; });
  return out;
}

nlohmann::json MetricsOf(const PropensityReport& r) {
  nlohmann::json m = {{"rows", r.rows},
                      {"wins", r.wins},
                      {"folds", r.folds},
                      {"roc_auc", {{"mean", r.roc_auc.mean}, {"sd", r.roc_auc.sd}}},
                      {"pr_auc", {{"mean", r.pr_auc.mean}, {"sd", r.pr_auc.sd}}}};
  if (r.has_time_split) m["time_split_roc_auc"] = r.time_roc_auc;
  return m;
}

}  // namespace

PropensityTraining TrainPropensity(const LearningFrame& frame, const PropensityOptions& given) {
  auto start = std::chrono::steady_clock::now();
  Validate(given);
  PropensityOptions options = given;
  TrainingSize size = ChooseTrainingSize(frame.rows(), !frame.outcome_day.empty(), given.folds,
                                         given.trees, given.learning_rate);
  options.folds = size.folds;
  options.trees = size.trees;
  options.learning_rate = size.learning_rate;
  PropensityReport report;
  report.sizing = size.note;
  report.rows = frame.rows();
  for (uint8_t y : frame.outcome) report.wins += y;
  report.folds = options.folds;
  report.fold_of_row = StratifiedFolds(frame.outcome, options.folds, options.seed);
  std::vector<ModelFeature> features = ChooseFeatures(frame, options, report);
  FrameEncoder encoder(frame, features);
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  TrainingSetup setup{encoder, features, options, frame.outcome, threads};

  std::vector<double> oof(frame.rows());
  if (options.want_scores) {
    report.oof_reasons.top_reasons = std::min(options.top_reasons, features.size());
    report.reason_columns = options.top_reasons;
  }
  std::vector<std::vector<Reason>> fold_reasons(options.folds);
  std::vector<std::vector<size_t>> test_rows(options.folds);
  for (size_t r = 0; r < frame.rows(); ++r) test_rows[report.fold_of_row[r]].push_back(r);
  for (int k = 0; k < options.folds; ++k) {
    std::vector<size_t> train;
    for (size_t r = 0; r < frame.rows(); ++r)
      if (report.fold_of_row[r] != k) train.push_back(r);
    std::unique_ptr<XgbBooster> booster = TrainOn(setup, train);
    std::vector<double> p = PredictRows(setup, *booster, test_rows[k]);
    std::vector<uint8_t> y;
    for (size_t i = 0; i < p.size(); ++i) {
      oof[test_rows[k][i]] = p[i];
      y.push_back(frame.outcome[test_rows[k][i]]);
    }
    report.fold_roc_auc.push_back(RocAuc(p, y));
    report.fold_pr_auc.push_back(AveragePrecision(p, y));
    if (report.oof_reasons.top_reasons > 0)
      AppendReasons(ContributionsOf(setup, *booster, test_rows[k]), test_rows[k], encoder, features,
                    report.oof_reasons.top_reasons, fold_reasons[k]);
  }
  report.roc_auc = MeanAndSd(report.fold_roc_auc);
  report.pr_auc = MeanAndSd(report.fold_pr_auc);
  report.oof_roc_auc = RocAuc(oof, frame.outcome);
  report.calibration = CalibrationTable(oof, frame.outcome);
  IsotonicCalibration calibration = IsotonicCalibration::Fit(oof, frame.outcome);
  report.oof_probability.resize(frame.rows());
  for (size_t r = 0; r < frame.rows(); ++r) report.oof_probability[r] = calibration.Apply(oof[r]);
  report.calibrated = CalibrationTable(report.oof_probability, frame.outcome);
  if (report.oof_reasons.top_reasons > 0) {
    // Back in row order: each row's reasons come from the model that did not see it.
    std::vector<size_t> next(options.folds, 0);
    size_t top = report.oof_reasons.top_reasons;
    for (size_t r = 0; r < frame.rows(); ++r) {
      int k = report.fold_of_row[r];
      const Reason* first = fold_reasons[k].data() + next[k]++ * top;
      report.oof_reasons.reasons.insert(report.oof_reasons.reasons.end(), first, first + top);
    }
    report.oof_reasons.probability = report.oof_probability;
    report.oof_reasons.raw = oof;
  }
  if (!frame.outcome_day.empty()) TimeSplit(frame, setup, report);

  std::vector<size_t> all(frame.rows());
  std::iota(all.begin(), all.end(), 0);
  std::unique_ptr<XgbBooster> final_booster = TrainOn(setup, all);
  report.importance = Importance(setup, *final_booster, frame.rows(), options.importance_rows);
  ModelParameters parameters{options.trees,         options.depth,
                             options.learning_rate, options.min_child_weight,
                             options.seed,          options.native_categorical};
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PropensityModel model(final_booster->SaveUbjson(), std::move(features), parameters,
                        std::move(calibration), MetricsOf(report));
  return {std::move(model), std::move(report)};
}

}  // namespace acctseg::learn
