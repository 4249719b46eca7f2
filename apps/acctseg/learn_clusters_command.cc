// `acctseg learn clusters`: discovered segments. Runs the policy, clusters
// its rows over a range of k, prints the report and writes the clusters as
// a classify step (YAML) to -o.
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "command_line.h"
#include "common/csv_field.h"
#include "common/error.h"
#include "expr/expr_lexer.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "learn/cluster_report.h"
#include "learn_commands.h"

namespace acctseg::cli {
namespace {

struct ClustersOptions {
  LearnDataOptions data;
  std::string k_range = "3..8";
  std::string method = "auto";
  std::string output;
  std::string report = "text";
  std::string standardized_out;
  std::string output_column = "cluster";
  learn::ClusterOptions cluster;
  bool quiet = false;
};

// "3..8" or "4".
void ParseKRange(const std::string& text, learn::ClusterOptions& options) {
  size_t dots = text.find("..");
  try {
    size_t used = 0;
    options.k_min = std::stoi(text.substr(0, dots), &used);
    if (used != text.substr(0, dots).size()) throw std::invalid_argument(text);
    options.k_max =
        dots == std::string::npos ? options.k_min : std::stoi(text.substr(dots + 2), &used);
    if (dots != std::string::npos && used != text.size() - dots - 2)
      throw std::invalid_argument(text);
  } catch (const std::logic_error&) {
    throw Error(ErrorKind::kUsage,
                "--k: expected a number or a range FROM..TO (3..8), got \"" + text + "\"");
  }
  // "--k 0" is no range: say so with what was typed, not as "0..0".
  if (dots == std::string::npos && options.k_min < 2)
    throw Error(ErrorKind::kUsage, "--k: expected 2 clusters or more, got " + text);
  learn::CheckClusterRange(options);  // before the inputs are read
}

learn::ClusterMethod ParseMethod(const std::string& text) {
  if (text == "auto") return learn::ClusterMethod::kAuto;
  if (text == "kmeans") return learn::ClusterMethod::kKMeans;
  if (text == "kprototypes") return learn::ClusterMethod::kKPrototypes;
  throw Error(ErrorKind::kUsage,
              "--method: expected auto, kmeans or kprototypes, got \"" + text + "\"");
}

// The z-scores the clusters were computed on, for the scikit-learn
// reference (bench/learn/sklearn_kmeans.py).
void WriteStandardized(const std::string& path, const learn::LearningFrame& frame,
                       const learn::ClusterResult& result) {
  const learn::RowMatrix& z = result.input.points.numeric;
  std::string text;
  for (size_t j = 0; j < result.input.features.numeric.size(); ++j) {
    if (j) text += ',';
    AppendCsvField(frame.features[result.input.features.numeric[j]].name, false, text);
  }
  text += '\n';
  char number[32];
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      std::snprintf(number, sizeof number, "%.17g", z(r, j));
      text += (j ? "," : "");
      text += number;
    }
    text += '\n';
  }
  AtomicFile file(path);
  file.Write(text);
  file.Commit();
}

int RunClusters(ClustersOptions& options) {
  ParseKRange(options.k_range, options.cluster);
  options.cluster.method = ParseMethod(options.method);
  if (options.report != "text" && options.report != "json")
    throw Error(ErrorKind::kUsage,
                "--report: expected text or json, got \"" + options.report + "\"");
  options.cluster.threads = options.data.threads;
  // The report goes to standard output.
  options.data.outputs = {options.output, options.standardized_out, "-"};
  LearnData data = PrepareLearnData(options.data);
  if (!options.quiet) PrintLearnNotes(data);
  const learn::LearningFrame& frame = data.build.frame;
  learn::ClusterResult result = learn::DiscoverClusters(frame, options.cluster);
  if (!options.quiet)
    for (const std::string& note : result.input.features.notes)
      std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());

  learn::ClassifyYamlOptions yaml;
  yaml.output = options.output_column;
  yaml.is_keyword = [](const std::string& upper) { return IsKeyword(upper); };
  for (const learn::NamedColumn& column : RunColumns(*data.execution))
    if (column.column->type.id == TypeId::kBool) yaml.booleans.insert(column.name);
  AtomicFile rules(options.output);
  rules.Write(learn::ClusterClassifyYaml(frame, result, yaml));
  if (!options.standardized_out.empty()) WriteStandardized(options.standardized_out, frame, result);
  std::ostringstream report;
  if (options.report == "json")
    learn::RenderClusterJson(frame, result, report);
  else
    learn::RenderClusterText(frame, result, report);
  rules.Commit();
  std::cout << report.str();
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: %d clusters as classify rules -> %s\n", result.k,
                 options.output.c_str());
  return 0;
}

}  // namespace

LearnSubcommand AddLearnClustersCommand(CLI::App& learn) {
  auto options = std::make_shared<ClustersOptions>();
  CLI::App* app = learn.add_subcommand(
      "clusters",
      "Discovered segments: k-means / k-prototypes over a range of k, chosen by silhouette, "
      "profiled, and written as classify rules (docs/learning/clusters.md)");
  AddLearnDataFlags(*app, options->data);
  app->add_option("--k", options->k_range, "Number of clusters, or a range FROM..TO")
      ->default_val("3..8");
  app->add_option("--seed", options->cluster.seed,
                  "Seed of the k-means++ seeding and the silhouette sample")
      ->default_val(1)
      ->check(ZeroOrMore());
  app->add_option("--method", options->method,
                  "auto (k-prototypes when a categorical feature is used), kmeans, kprototypes")
      ->default_val("auto");
  app->add_option("--restarts", options->cluster.restarts, "Restarts per k, the best kept")
      ->default_val(20)
      ->check(FiniteNumber(1));
  app->add_option("--output,-o", options->output, "Where to write the classify step (YAML)")
      ->required();
  app->add_option("--output-column", options->output_column, "The classify step's output column")
      ->check(NotEmpty("a column name"))
      ->default_val("cluster");
  app->add_option("--report", options->report, "Report format on standard output: text or json")
      ->default_val("text");
  app->add_option("--standardized-out", options->standardized_out,
                  "Also write the standardized numeric features (CSV), for bench/learn/");
  app->add_flag("--quiet,-q", options->quiet, "No notes or summary on standard error");
  return {app, [options] { return RunClusters(*options); }};
}

}  // namespace acctseg::cli
