#include "learn/cluster_report.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/group_digits.h"
#include "table/date_time.h"

namespace acctseg::learn {
namespace {

using Json = nlohmann::ordered_json;

std::string Number(double value, int digits) {
  if (std::isnan(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return GroupDigits(text);
}

std::string Percent(double share) { return Number(100 * share, 1) + "%"; }

std::string Signed(double value) { return (value >= 0 ? "+" : "") + Number(value, 2); }

std::string MethodText(const ClusterResult& result) {
  return result.kprototypes ? "k-prototypes" : "k-means";
}

// "Cluster 1 "High x · Reseller": 12,345 rows (15.8%), win rate 22.1%, ..."
std::string Headline(const ClusterProfile& p) {
  std::string line = "Cluster " + std::to_string(p.cluster + 1) + " \"" + p.name +
                     "\": " + Number(static_cast<double>(p.rows), 0) + " rows (" +
                     Percent(p.share) + "), win rate " + Percent(p.win_rate);
  if (!std::isnan(p.total_amount))
    line += ", mean amount " + Number(p.mean_amount, 0) + ", total " + Number(p.total_amount, 0);
  return line;
}

// A date's mean is a day: "2017-03-02", not 17,227.40.
std::string MeanText(const NumericProfile& n) {
  if (n.is_date && !std::isnan(n.mean)) return FormatDate(static_cast<int64_t>(std::floor(n.mean)));
  return Number(n.mean, 2);
}

std::vector<std::string> ProfileLines(const ClusterProfile& p, const std::string& indent) {
  std::vector<std::string> lines;
  for (const NumericProfile& n : p.numeric)
    lines.push_back(indent + n.feature + ": mean " + MeanText(n) + " (" + Signed(n.deviation) +
                    " sd)");
  for (const CategoricalProfile& c : p.categorical) {
    std::string line = indent + c.feature + ":";
    for (size_t i = 0; i < c.top.size(); ++i)
      line += (i ? ", " : " ") + c.top[i].value + " " + Percent(c.top[i].share) + " (all " +
              Percent(c.top[i].overall) + ")";
    lines.push_back(line);
  }
  return lines;
}

std::string Summary(const LearningFrame& frame, const ClusterResult& result) {
  const KCandidate& chosen = result.candidates[result.k - result.candidates.front().k];
  const std::string silhouette = Number(chosen.silhouette, 3);
  // A single k was given, not chosen: "k = 4 chosen over 4..4" said otherwise.
  const std::string how = result.candidates.size() == 1
                              ? " as given, silhouette " + silhouette
                              : " chosen over " + std::to_string(result.candidates.front().k) +
                                    ".." + std::to_string(result.candidates.back().k) +
                                    " by silhouette (" + silhouette + ")";
  return MethodText(result) + " on " + Number(static_cast<double>(frame.rows()), 0) +
         " rows, k = " + std::to_string(result.k) + how;
}

std::string RulesLine(const ClusterResult& result) {
  return "rules: a decision tree (depth <= 3) fitted to the clusters agrees with them on " +
         Percent(result.tree.agreement) + " of rows";
}

Json NumberJson(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

}  // namespace

void RenderClusterText(const LearningFrame& frame, const ClusterResult& result, std::ostream& out) {
  const ClusterFeatures& used = result.input.features;
  out << "Clusters: " << Summary(frame, result) << "\n";
  out << "Features:";
  for (size_t i = 0; i < used.numeric.size(); ++i)
    out << (i ? ", " : " ") << frame.features[used.numeric[i]].name;
  for (size_t i = 0; i < used.categorical.size(); ++i)
    out << (i || !used.numeric.empty() ? ", " : " ") << frame.features[used.categorical[i]].name;
  out << "\n";
  if (!used.numeric.empty()) out << "Numeric features as z-scores\n";
  if (result.kprototypes)
    out << "A categorical mismatch costs gamma = " << Number(result.input.points.gamma, 3) << "\n";
  out << "\n     k  silhouette  " << (result.kprototypes ? "cost    " : "inertia ") << "\n";
  for (const KCandidate& c : result.candidates) {
    char line[128];
    std::snprintf(line, sizeof line, "  %s %2d  %10.3f  %s\n", c.k == result.k ? "*" : " ", c.k,
                  c.silhouette, Number(c.cost, 1).c_str());
    out << line;
  }
  if (result.silhouette_rows < frame.rows())
    out << "Silhouettes on a fixed random sample of " << Number(result.silhouette_rows, 0)
        << " rows.\n";
  out << "\n";
  for (const ClusterProfile& p : result.profiles) {
    out << Headline(p) << "\n";
    for (const std::string& line : ProfileLines(p, "  ")) out << line << "\n";
  }
  out << "\n" << RulesLine(result) << "\n";
}

void RenderClusterJson(const LearningFrame& frame, const ClusterResult& result, std::ostream& out) {
  const ClusterFeatures& used = result.input.features;
  Json numeric = Json::array(), categorical = Json::array();
  for (size_t i = 0; i < used.numeric.size(); ++i)
    numeric.push_back({{"name", frame.features[used.numeric[i]].name},
                       {"mean", used.means[i]},
                       {"sd", used.sds[i]},
                       {"imputed", used.imputed[i]}});
  for (size_t index : used.categorical) categorical.push_back(frame.features[index].name);
  Json candidates = Json::array();
  for (const KCandidate& c : result.candidates)
    candidates.push_back(
        {{"k", c.k}, {"cost", c.cost}, {"silhouette", c.silhouette}, {"iterations", c.iterations}});
  Json clusters = Json::array();
  for (const ClusterProfile& p : result.profiles) {
    Json means = Json::array(), tops = Json::array();
    for (const NumericProfile& n : p.numeric) {
      means.push_back(
          {{"feature", n.feature}, {"mean", NumberJson(n.mean)}, {"deviation", n.deviation}});
      if (n.is_date && !std::isnan(n.mean)) means.back()["mean_date"] = MeanText(n);
    }
    for (const CategoricalProfile& c : p.categorical) {
      Json top = Json::array();
      for (const CategoryShare& s : c.top)
        top.push_back({{"value", s.value}, {"share", s.share}, {"overall", s.overall}});
      tops.push_back({{"feature", c.feature}, {"top", top}});
    }
    clusters.push_back({{"cluster", p.cluster + 1},
                        {"name", p.name},
                        {"rows", p.rows},
                        {"share", p.share},
                        {"win_rate", NumberJson(p.win_rate)},
                        {"mean_amount", NumberJson(p.mean_amount)},
                        {"total_amount", NumberJson(p.total_amount)},
                        {"numeric", means},
                        {"categorical", tops}});
  }
  Json json = {{"rows", frame.rows()},
               {"method", MethodText(result)},
               {"numeric_features", numeric},
               {"categorical_features", categorical},
               {"gamma", result.kprototypes ? Json(result.input.points.gamma) : Json(nullptr)},
               {"silhouette_rows", result.silhouette_rows},
               {"candidates", candidates},
               {"k", result.k},
               {"clusters", clusters},
               {"rules_agreement", result.tree.agreement},
               {"notes", used.notes}};
  out << json.dump(2) << "\n";
}

std::string ClusterClassifyYaml(const LearningFrame& frame, const ClusterResult& result,
                                const ClassifyYamlOptions& options) {
  std::vector<std::string> comments = {
      "Discovered segments (acctseg learn clusters): " + Summary(frame, result) + ";",
      RulesLine(result) + ".",
      "Paste the step under a policy's steps:; the comments below profile each cluster.", ""};
  std::vector<std::string> labels;
  for (const ClusterProfile& p : result.profiles) {
    comments.push_back(Headline(p));
    for (const std::string& line : ProfileLines(p, "  ")) comments.push_back(line);
    labels.push_back(p.name);
  }
  comments.push_back("");
  return ClassifyStepYaml(result.tree, result.tree_features, labels, comments, options);
}

}  // namespace acctseg::learn
