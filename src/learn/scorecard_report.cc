#include "learn/scorecard_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace acctseg::learn {
namespace {

std::string Printf(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string Padded(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

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
  std::string out = "Models compared (same folds)\n  " + Padded("model", width) +
                    "  CV ROC AUC (mean +/- sd)  folds\n";
  for (const ModelAuc& m : models)
    out += "  " + Padded(m.model, width) + "  " +
           Padded(Printf("%.4f", m.cv_auc.mean) + " +/- " + Printf("%.4f", m.cv_auc.sd), 24) +
           "  " + std::to_string(m.folds) + "\n";
  return out;
}

std::string ScorecardReportText(const ScorecardResult& result, const ScorecardOptions& options,
                                const ScorecardYamlOptions& yaml) {
  const Scorecard& card = result.card;
  std::string out = "Scorecard " + yaml.output + ": " + std::to_string(result.rows) + " deals, " +
                    std::to_string(result.wins) + " won (" +
                    Printf("%.1f%%", result.rows ? 100.0 * result.wins / result.rows : 0) +
                    "), seed " + std::to_string(options.seed) + "\n\n";
  out += ModelsComparedText({ScorecardModelAuc(result)});
  out += "  (the final card on its own rows: AUC " + Printf("%.4f", result.training_auc) + ")\n\n";
  size_t width = 7;
  for (const ScorecardFeature& f : card.features) width = std::max(width, f.binned.name.size());
  out += "  " + Padded("feature", width) + "      IV  coefficient  points (per bin)\n";
  for (const ScorecardFeature& f : card.features) {
    std::string points;
    for (size_t bin = 0; bin < f.points.size(); ++bin)
      points += (bin ? " " : "") + std::to_string(f.points[bin]);
    out += "  " + Padded(f.binned.name, width) + Printf("  %6.4f", f.binned.iv) +
           Printf("  %11.4f", f.coefficient) + "  " + points + "\n";
  }
  for (const DroppedFeature& d : card.dropped)
    out += "  left out: " + d.name + ": " + d.reason + "\n";
  out += "\nPoints: score = " + Printf("%.2f", card.offset) + " + " + Printf("%.4f", card.factor) +
         " * ln(odds of a win): " + Printf("%g", options.base_points) + " points at odds " +
         Printf("%g", options.base_odds) + ":1, every " + Printf("%g", options.pdo) +
         " points double the odds.\n";
  out += "Logistic regression: " + std::to_string(card.iterations) + " Newton steps, " +
         (card.converged ? "converged" : "NOT converged") + ", L2 " +
         Printf("%g", options.logistic.l2) + ", intercept " + Printf("%.4f", card.intercept) + "\n";
  return out;
}

nlohmann::ordered_json ScorecardReportJson(const ScorecardResult& result,
                                           const ScorecardOptions& options,
                                           const ScorecardYamlOptions& yaml) {
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
  return out;
}

}  // namespace acctseg::learn
