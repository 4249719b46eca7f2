#include "learn/propensity_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/csv_field.h"
#include "learn/propensity_encoding.h"
#include "table/date_time.h"

namespace acctseg::learn {
namespace {

std::string Percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

nlohmann::json BinsJson(const std::vector<CalibrationBin>& bins) {
  nlohmann::json out = nlohmann::json::array();
  for (const CalibrationBin& b : bins)
    out.push_back({{"rows", b.rows}, {"predicted", b.predicted}, {"observed", b.observed}});
  return out;
}

// A field, quoted where needed (ids and reasons are data: formulas guarded).
void Field(std::string_view text, std::string& out) { AppendCsvField(text, true, out); }

}  // namespace

nlohmann::json CalibrationJson(const PropensityReport& r) {
  return {{"out_of_fold", BinsJson(r.calibration)}, {"calibrated", BinsJson(r.calibrated)}};
}

double Interval95(double sd, size_t n) {
  // t(0.975, df) for df = 1..10; beyond that close enough to the normal's.
  static const double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571,
                              2.447,  2.365, 2.306, 2.262, 2.228};
  if (n < 2) return NAN;
  size_t df = n - 1;
  double t = df <= 10 ? kT[df - 1] : (df <= 30 ? 2.042 : 1.96);
  return t * sd / std::sqrt(static_cast<double>(n));
}

std::string PropensityText(const PropensityReport& r, const PropensityModel& model,
                           const std::string& outcome) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  line(fmt::format("propensity of {}: {} rows, {} wins (base rate {})", outcome, r.rows, r.wins,
                   Percent(static_cast<double>(r.wins) / r.rows)));
  line(fmt::format("features: {} used, {} excluded", r.features_used.size(), r.excluded.size()));
  for (const std::string& why : r.excluded) line("  excluded " + why);
  for (const LeakCheck& c : r.leak_checks)
    if (c.flagged && std::find(r.features_used.begin(), r.features_used.end(), c.feature) !=
                         r.features_used.end())
      line("  kept " + LeakMessage(c, true));
  // The strongest single features, so a leak below the flag's threshold
  // can still catch the eye.
  std::vector<LeakCheck> strongest = r.leak_checks;
  std::stable_sort(strongest.begin(), strongest.end(), [](const LeakCheck& a, const LeakCheck& b) {
    return (std::isnan(a.auc) ? 0 : a.auc) > (std::isnan(b.auc) ? 0 : b.auc);
  });
  if (strongest.size() > 5) strongest.resize(5);
  line("single-feature AUC (leakage guard; the 5 strongest):");
  for (const LeakCheck& c : strongest)
    line(fmt::format("  {:<40} {:.3f}{}", c.feature, c.auc, c.flagged ? "  flagged" : ""));
  double half = Interval95(r.roc_auc.sd, r.fold_roc_auc.size());
  line(fmt::format(
      "\ncross-validated ({} folds, stratified): ROC AUC {:.3f} ± {:.3f} sd, 95% interval "
      "{:.3f}-{:.3f}; PR AUC {:.3f} ± {:.3f} sd",
      r.folds, r.roc_auc.mean, r.roc_auc.sd, r.roc_auc.mean - half, r.roc_auc.mean + half,
      r.pr_auc.mean, r.pr_auc.sd));
  line("  fold  ROC AUC  PR AUC");
  for (size_t k = 0; k < r.fold_roc_auc.size(); ++k)
    line(fmt::format("  {:>4}  {:>7.3f}  {:>6.3f}", k + 1, r.fold_roc_auc[k], r.fold_pr_auc[k]));
  if (r.has_time_split)
    line(fmt::format(
        "\ntime split: trained on the earliest {} rows, tested on the {} from "
        "{} on: ROC AUC {:.3f}",
        r.time_train_rows, r.time_test_rows,
        FormatDate(static_cast<int64_t>(std::floor(r.time_split_day))), r.time_roc_auc));
  if (!r.time_split_skipped.empty()) line("\ntime split: skipped: " + r.time_split_skipped);
  line("\ncalibration (out-of-fold predictions by decile; calibrated = isotonic fit on them):");
  line("  decile   rows  predicted  observed  calibrated");
  for (size_t b = 0; b < r.calibration.size(); ++b) {
    const CalibrationBin& bin = r.calibration[b];
    line(fmt::format("  {:>6}  {:>5}  {:>9}  {:>8}  {:>10}", b + 1, bin.rows,
                     Percent(bin.predicted), Percent(bin.observed),
                     b < r.calibrated.size() ? Percent(r.calibrated[b].predicted) : ""));
  }
  line("\nimportance (mean |SHAP| in log-odds, final model):");
  for (const FeatureImportance& f : r.importance)
    line(fmt::format("  {:<40} {:.3f}", f.feature, f.mean_abs_shap));
  const ModelParameters& p = model.parameters();
  line(fmt::format(
      "\nmodel: XGBoost, {} trees, depth {}, learning rate {}, min child weight {}, categories "
      "{}, seed {}; trained in {:.1f} s",
      p.trees, p.depth, p.learning_rate, p.min_child_weight,
      p.native_categorical ? "native" : "as ordinal codes", p.seed, r.seconds));
  if (!r.sizing.empty()) line("sizes: " + r.sizing);
  return out;
}

nlohmann::json PropensityJson(const PropensityReport& r, const PropensityModel& model,
                              const std::string& outcome) {
  nlohmann::json leaks = nlohmann::json::array();
  for (const LeakCheck& c : r.leak_checks)
    leaks.push_back({{"feature", c.feature},
                     {"auc", std::isnan(c.auc) ? nlohmann::json() : nlohmann::json(c.auc)},
                     {"flagged", c.flagged},
                     {"constant", c.constant}});
  nlohmann::json importance = nlohmann::json::array();
  for (const FeatureImportance& f : r.importance)
    importance.push_back({{"feature", f.feature}, {"mean_abs_shap", f.mean_abs_shap}});
  double half = Interval95(r.roc_auc.sd, r.fold_roc_auc.size());
  nlohmann::json out = {
      {"outcome", outcome},
      {"rows", r.rows},
      {"wins", r.wins},
      {"base_rate", static_cast<double>(r.wins) / r.rows},
      {"features_used", r.features_used},
      {"excluded", r.excluded},
      {"single_feature_auc", leaks},
      {"folds", r.folds},
      {"sizing", r.sizing.empty() ? nlohmann::json() : nlohmann::json(r.sizing)},
      {"roc_auc",
       {{"mean", r.roc_auc.mean},
        {"sd", r.roc_auc.sd},
        {"interval95", {r.roc_auc.mean - half, r.roc_auc.mean + half}},
        {"per_fold", r.fold_roc_auc},
        {"pooled_out_of_fold", r.oof_roc_auc}}},
      {"pr_auc", {{"mean", r.pr_auc.mean}, {"sd", r.pr_auc.sd}, {"per_fold", r.fold_pr_auc}}},
      {"calibration", BinsJson(r.calibration)},
      {"calibrated", BinsJson(r.calibrated)},
      {"importance", importance},
      {"model", model.Describe()["parameters"]},
      {"seconds", r.seconds}};
  if (r.has_time_split)
    out["time_split"] = {
        {"train_rows", r.time_train_rows},
        {"test_rows", r.time_test_rows},
        {"test_from", FormatDate(static_cast<int64_t>(std::floor(r.time_split_day)))},
        {"test_from_day", r.time_split_day},
        {"roc_auc", r.time_roc_auc}};
  if (!r.time_split_skipped.empty()) {
    out["time_split"] = nullptr;
    out["time_split_skipped"] = r.time_split_skipped;
  }
  return out;
}

std::string ScoresCsv(const LearningFrame& frame, const PropensityReport& r) {
  const Prediction& p = r.oof_reasons;
  std::string out = frame.id_name.empty() ? "row" : frame.id_name;
  out += ",probability";
  for (size_t k = 1; k <= r.reason_columns; ++k) out += ",reason_" + std::to_string(k);
  out += "\n";
  for (size_t row = 0; row < frame.rows(); ++row) {
    Field(frame.row_ids[row], out);
    out += fmt::format(",{:.6f}", r.oof_probability[row]);
    for (size_t k = 0; k < r.reason_columns; ++k) {
      out += ",";
      if (k < p.top_reasons) Field(ReasonText(p.ReasonsOf(row)[k]), out);  // else empty
    }
    out += "\n";
  }
  return out;
}

std::string FoldsCsv(const LearningFrame& frame, const PropensityReport& r) {
  std::string out = frame.id_name.empty() ? "row" : frame.id_name;
  out += ",fold\n";
  for (size_t row = 0; row < frame.rows(); ++row) {
    Field(frame.row_ids[row], out);
    out += "," + std::to_string(r.fold_of_row[row]) + "\n";
  }
  return out;
}

std::string FrameCsv(const LearningFrame& frame, const PropensityReport& r,
                     const PropensityModel& model) {
  const std::vector<ModelFeature>& features = model.features();
  std::string out = "fold,outcome";
  for (const ModelFeature& f : features) {
    std::string header(f.kind == FeatureKind::kNumeric ? "n:" : "c:");
    header += f.name;
    out += ",";
    Field(header, out);
  }
  out += "\n";
  FrameEncoder encoder(frame, features);
  std::vector<float> values = encoder.EncodeAll();
  for (size_t row = 0; row < frame.rows(); ++row) {
    out += std::to_string(r.fold_of_row[row]) + "," + std::to_string(frame.outcome[row]);
    for (size_t f = 0; f < features.size(); ++f) {
      float v = values[row * features.size() + f];
      out += std::isnan(v) ? std::string(",") : fmt::format(",{}", v);
    }
    out += "\n";
  }
  return out;
}

}  // namespace acctseg::learn
