#include "learn/scorecard_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace acctseg::learn {
namespace {

ValueSyntax SyntaxOf(const ScorecardFeature& f, const ScorecardYamlOptions& yaml) {
  return f.frame_index < yaml.syntax.size() ? yaml.syntax[f.frame_index] : ValueSyntax::kNumber;
}

}  // namespace

ModelAuc ScorecardModelAuc(const ScorecardResult& result) {
  size_t n = result.card.features.size();
  return {"scorecard (" + std::to_string(n) + (n == 1 ? " feature)" : " features)"), result.cv_auc,
          result.fold_auc.size()};
}

std::string ModelsComparedText(const std::vector<ModelAuc>& models) {
  size_t width = 5;
  for (const ModelAuc& m : models) width = std::max(width, m.model.size());
  std::string out = fmt::format("Models compared (same folds)\n  {:<{}}  {:<24}  folds\n", "model",
                                width, "CV ROC AUC (mean +/- sd)");
  for (const ModelAuc& m : models)
    out += fmt::format("  {:<{}}  {:<24}  {}\n", m.model, width,
                       fmt::format("{:.4f} +/- {:.4f}", m.cv_auc.mean, m.cv_auc.sd), m.folds);
  return out;
}

std::string ScorecardReportText(const ScorecardResult& result, const ScorecardOptions& options,
                                const ScorecardYamlOptions& yaml,
                                const std::vector<ModelAuc>& others) {
  const Scorecard& card = result.card;
  std::string out =
      fmt::format("Scorecard {}: {} deals, {} won ({:.1f}%), seed {}\n\n", yaml.output, result.rows,
                  result.wins, result.rows ? 100.0 * result.wins / result.rows : 0, options.seed);
  std::vector<ModelAuc> models = {ScorecardModelAuc(result)};
  models.insert(models.end(), others.begin(), others.end());
  out += ModelsComparedText(models);
  out += fmt::format("  (the final card on its own rows: AUC {:.4f})\n\n", result.training_auc);
  size_t width = 7;
  for (const ScorecardFeature& f : card.features) width = std::max(width, f.binned.name.size());
  out += fmt::format("  {:<{}}      IV  coefficient  points (per bin)\n", "feature", width);
  for (const ScorecardFeature& f : card.features)
    out += fmt::format("  {:<{}}  {:6.4f}  {:11.4f}  {}\n", f.binned.name, width, f.binned.iv,
                       f.coefficient, fmt::join(f.points, " "));
  for (const DroppedFeature& d : card.dropped)
    out += "  left out: " + d.name + ": " + d.reason + "\n";
  out += "\nPoints: score = " + fmt::format("{:.2f}", card.offset) + " + " +
         fmt::format("{:.4f}", card.factor) +
         " * ln(odds of a win): " + fmt::format("{:g}", options.base_points) + " points at odds " +
         fmt::format("{:g}", options.base_odds) + ":1, every " + fmt::format("{:g}", options.pdo) +
         " points double the odds.\n";
  out += "Logistic regression: " + std::to_string(card.iterations) + " Newton steps, " +
         (card.converged ? "converged" : "NOT converged") + ", L2 " +
         fmt::format("{:g}", options.logistic.l2) + ", intercept " +
         fmt::format("{:.4f}", card.intercept) + "\n";
  return out;
}

nlohmann::ordered_json ScorecardReportJson(const ScorecardResult& result,
                                           const ScorecardOptions& options,
                                           const ScorecardYamlOptions& yaml,
                                           const std::vector<ModelAuc>& others) {
  const Scorecard& card = result.card;
  ModelAuc model = ScorecardModelAuc(result);
  nlohmann::ordered_json out = {
      {"output", yaml.output},
      {"rows", result.rows},
      {"wins", result.wins},
      {"folds", options.folds},
      {"seed", options.seed},
      {"models",
       {{{"model", model.model},
         {"cv_auc",
          {{"mean", model.cv_auc.mean}, {"sd", model.cv_auc.sd}, {"folds", result.fold_auc}}},
         {"training_auc", result.training_auc}}}},
      {"scaling",
       {{"base_points", options.base_points},
        {"base_odds", options.base_odds},
        {"pdo", options.pdo},
        {"factor", card.factor},
        {"offset", card.offset}}},
      {"intercept", card.intercept},
      {"iterations", card.iterations},
      {"converged", card.converged},
      {"separated", card.separated}};
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (const ScorecardFeature& f : card.features) {
    nlohmann::ordered_json bins = nlohmann::ordered_json::array();
    for (size_t bin = 0; bin < f.binned.bins.size(); ++bin) {
      const WoeBin& b = f.binned.bins[bin];
      bins.push_back({{"when", BinCondition(f.binned, bin, SyntaxOf(f, yaml))},
                      {"points", f.points[bin]},
                      {"woe", b.woe},
                      {"deals", b.deals()},
                      {"wins", b.wins}});
    }
    features.push_back({{"name", f.binned.name},
                        {"iv", f.binned.iv},
                        {"coefficient", f.coefficient},
                        {"bins", bins}});
  }
  out["features"] = features;
  nlohmann::ordered_json dropped = nlohmann::ordered_json::array();
  for (const DroppedFeature& d : card.dropped)
    dropped.push_back({{"name", d.name}, {"reason", d.reason}});
  out["dropped"] = dropped;
  out["notes"] = result.notes;
  for (const ModelAuc& other : others)
    out["models"].push_back({{"model", other.model},
                             {"cv_auc", {{"mean", other.cv_auc.mean}, {"sd", other.cv_auc.sd}}}});
  return out;
}

}  // namespace acctseg::learn
