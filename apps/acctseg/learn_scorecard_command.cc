// `acctseg learn scorecard`: learns a points scorecard from won and lost
// deals (learn/scorecard.h), writes it as a `score:` step to paste into the
// policy (-o), and prints its cross-validated AUC and features.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "command_line.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "learn/propensity.h"
#include "learn/scorecard_report.h"
#include "learn_commands.h"

namespace acctseg::cli {
namespace {

struct ScorecardCommandOptions {
  LearnDataOptions data;
  learn::ScorecardOptions card;
  learn::ScorecardYamlOptions yaml;
  std::string output;
  std::string report = "text";
  bool quiet = false;
  bool boosted = true;  // train the boosted trees on the same folds, to compare
};

// The boosted trees (learn propensity's defaults) on the card's folds: the
// AUC a team gives up for a model it can read.
learn::ModelAuc BoostedTreesAuc(const learn::LearningFrame& frame,
                                const ScorecardCommandOptions& options) {
  learn::PropensityOptions boosted;
  boosted.folds = options.card.folds;
  boosted.seed = options.card.seed;
  boosted.threads = options.data.threads;
  learn::PropensityTraining trained = learn::TrainPropensity(frame, boosted);
  return {"boosted trees (XGBoost, learn propensity's defaults)", trained.report.roc_auc,
          static_cast<size_t>(trained.report.folds)};
}

// The expression syntax of each feature's column, from the run's types.
std::vector<learn::ValueSyntax> FeatureSyntax(const LearnData& data) {
  std::vector<learn::NamedColumn> columns = RunColumns(*data.execution);
  std::vector<learn::ValueSyntax> syntax;
  for (const learn::Feature& feature : data.build.frame.features) {
    learn::ValueSyntax s = learn::ValueSyntax::kNumber;
    for (const learn::NamedColumn& column : columns) {
      if (column.name != feature.name) continue;
      TypeId id = column.column->type.id;
      s = id == TypeId::kBool        ? learn::ValueSyntax::kBoolean
          : id == TypeId::kDate      ? learn::ValueSyntax::kDate
          : id == TypeId::kTimestamp ? learn::ValueSyntax::kTimestamp
                                     : learn::ValueSyntax::kNumber;
    }
    syntax.push_back(s);
  }
  return syntax;
}

std::string Made(const ScorecardCommandOptions& o) {
  return fmt::format(
      "acctseg learn scorecard --outcome {} --bins {} --min-iv {:g} --l2 {:g} --folds {} "
      "--seed {} --base-points {:g} --base-odds {:g} --pdo {:g}",
      o.data.frame.outcome, o.card.binning.bins, o.card.min_iv, o.card.logistic.l2, o.card.folds,
      o.card.seed, o.card.base_points, o.card.base_odds, o.card.pdo);
}

int Run(ScorecardCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  if (options.card.binning.bins < 2) throw Error(ErrorKind::kUsage, "--bins must be at least 2");
  if (options.card.pdo <= 0 || options.card.base_odds <= 0)
    throw Error(ErrorKind::kUsage, "--pdo and --base-odds must be positive");
  options.data.outputs = {options.output, "-"};  // the report goes to standard output
  LearnData data = PrepareLearnData(options.data);
  if (!options.quiet) PrintLearnNotes(data);
  learn::ScorecardResult result = learn::LearnScorecard(data.build.frame, options.card);
  options.yaml.syntax = FeatureSyntax(data);
  options.yaml.command = Made(options);
  std::string yaml = learn::ScorecardYaml(result, options.yaml);
  AtomicFile file(options.output);
  file.Write(yaml);
  file.Commit();
  if (!options.quiet)
    for (const std::string& note : result.notes)
      std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());
  std::vector<learn::ModelAuc> others;
  if (options.boosted) others.push_back(BoostedTreesAuc(data.build.frame, options));
  std::string report =
      options.report == "json"
          ? learn::ScorecardReportJson(result, options.card, options.yaml, others).dump(2) + "\n"
          : learn::ScorecardReportText(result, options.card, options.yaml, others);
  std::fputs(report.c_str(), stdout);
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: scorecard of %zu features in %.2f s -> %s\n",
                 result.card.features.size(), SecondsSince(start), options.output.c_str());
  return 0;
}

}  // namespace

LearnSubcommand AddLearnScorecardCommand(CLI::App& learn) {
  auto options = std::make_shared<ScorecardCommandOptions>();
  CLI::App* command = learn.add_subcommand(
      "scorecard",
      "Learn an additive points scorecard (WoE bins + logistic regression) and write it as a "
      "score: step (docs/learning/scorecard.md)");
  AddLearnDataFlags(*command, options->data);
  command->add_option("--output,-o", options->output, "The scorecard's YAML (a score: step)")
      ->required();
  command->add_option("--column", options->yaml.output, "The score step's output column")
      ->default_val("fit_score")
      ->check(NotEmpty("a column name"));
  command->add_option("--bins", options->card.binning.bins, "Quantile bins per numeric feature")
      ->default_val(5);
  command
      ->add_option("--min-bin-share", options->card.binning.min_bin_share,
                   "Smaller bins are merged; rarer categories pooled as other")
      ->default_val(0.05)
      ->check(FiniteNumber(0, true, 1));
  command
      ->add_option("--min-iv", options->card.min_iv,
                   "Features with less information value are left out")
      ->default_val(0.02)
      ->check(FiniteNumber(0));
  command
      ->add_option("--l2", options->card.logistic.l2,
                   "L2 penalty of the logistic regression (scikit-learn's 1/C)")
      ->default_val(1.0)
      ->check(FiniteNumber(0));
  command->add_option("--folds", options->card.folds, "Cross-validation folds")->default_val(5);
  command->add_option("--seed", options->card.seed, "Seed of the folds")
      ->default_val(1)
      ->check(ZeroOrMore());
  command->add_option("--base-points", options->card.base_points, "Score at --base-odds")
      ->default_val(600)
      ->check(FiniteNumber(std::numeric_limits<double>::lowest()));
  command
      ->add_option("--base-odds", options->card.base_odds,
                   "Odds of a win (wins per loss) that score --base-points")
      ->default_val(1.0)
      ->check(FiniteNumber(0, false));
  command->add_option("--pdo", options->card.pdo, "Points that double the odds")
      ->default_val(20)
      ->check(FiniteNumber(0, false));
  command->add_option("--report", options->report, "Report on standard output: text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case))
      ->default_val("text");
  command->add_flag("--quiet,-q", options->quiet, "No notes or timing on standard error");
  AddOffFlag(*command, "--no-boosted", options->boosted,
             "Do not train boosted trees on the same folds to compare AUCs");
  return {command, [options] { return Run(*options); }};
}

}  // namespace acctseg::cli
