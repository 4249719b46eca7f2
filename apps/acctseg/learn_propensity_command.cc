// `acctseg learn propensity`: trains the boosted-trees propensity model
// (learn/propensity.h) on the policy's run and prints its report; optional
// CSV files with each row's out-of-fold score and reasons, its fold, and
// the frame for the scikit-learn reference (bench/learn/).
#include <cstdio>
#include <memory>
#include <vector>

#include "command_line.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "job/model_jobs.h"
#include "learn/propensity_report.h"
#include "learn_commands.h"
#include "versioned_name_option.h"

namespace acctseg::cli {
namespace {

struct PropensityCommandOptions {
  LearnDataOptions data;
  learn::PropensityOptions train;
  std::string format = "text";
  std::string output = "-";
  std::string scores_out, folds_out, frame_out;
  bool ordinal_categories = false;
  bool quiet = false;
  std::string name;  // --name: store the model as the next version of this name
};

// What `models list/show/diff` read: flat metrics, parameters, features.
nlohmann::json StoredInfo(const learn::PropensityTraining& trained) {
  const nlohmann::json described = trained.model.Describe();
  const learn::PropensityReport& r = trained.report;
  nlohmann::json metrics = {{"auc", r.roc_auc.mean},    {"auc_sd", r.roc_auc.sd},
                            {"pr_auc", r.pr_auc.mean},  {"pr_auc_sd", r.pr_auc.sd},
                            {"oof_auc", r.oof_roc_auc}, {"folds", r.folds}};
  if (r.has_time_split) metrics["time_split_auc"] = r.time_roc_auc;
  return {{"algorithm", described["algorithm"]},
          {"params", described["parameters"]},
          {"features", described["features"]},
          {"excluded", r.excluded},
          {"metrics", metrics},
          {"calibration", learn::CalibrationJson(r)}};
}

int RunPropensity(const PropensityCommandOptions& o) {
  LearnDataOptions prepare = o.data;
  prepare.outputs = {o.output, o.scores_out, o.folds_out, o.frame_out};
  // A store the model cannot go to fails before the training, not after.
  prepare.open_store = !o.name.empty();
  LearnData data = PrepareLearnData(prepare);
  if (!o.quiet) PrintLearnNotes(data);
  const learn::LearningFrame& frame = data.build.frame;
  learn::PropensityOptions train = o.train;
  train.threads = o.data.threads;
  train.want_scores = !o.scores_out.empty();
  train.native_categorical = !o.ordinal_categories;
  learn::PropensityTraining trained = learn::TrainPropensity(frame, train);
  // Asked for with --outcome-date: its absence from the report is news.
  if (!o.quiet && !trained.report.time_split_skipped.empty())
    std::fprintf(stderr, "acctseg: note: time split skipped: %s\n",
                 trained.report.time_split_skipped.c_str());
  // Every file to its temporary first, renamed only once all are written
  // and the model is stored: an error leaves neither files nor a model.
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto write = [&](const std::string& path, const std::string& bytes) {
    files.push_back(std::make_unique<AtomicFile>(path));
    files.back()->Write(bytes);
  };
  if (!o.scores_out.empty()) write(o.scores_out, learn::ScoresCsv(frame, trained.report));
  if (!o.folds_out.empty()) write(o.folds_out, learn::FoldsCsv(frame, trained.report));
  if (!o.frame_out.empty())
    write(o.frame_out, learn::FrameCsv(frame, trained.report, trained.model));
  write(
      o.output,
      o.format == "json"
          ? learn::PropensityJson(trained.report, trained.model, frame.outcome_name).dump(2) + "\n"
          : learn::PropensityText(trained.report, trained.model, frame.outcome_name));
  std::string stored;
  if (data.store) {
    ModelRecord record = DescribeTrainedModel(data, o.data, o.name, "propensity",
                                              StoredInfo(trained), trained.model.ToBytes());
    stored = SaveModel(*data.store, record);
  }
  for (auto& file : files) file->Commit();
  if (!o.quiet && !stored.empty())
    std::fprintf(stderr, "acctseg: stored the model as %s (use it with predict: {model: %s})\n",
                 stored.c_str(), stored.c_str());
  if (!o.quiet)
    std::fprintf(stderr, "acctseg: propensity of %s: ROC AUC %.3f over %d folds in %.1f s\n",
                 frame.outcome_name.c_str(), trained.report.roc_auc.mean, trained.report.folds,
                 trained.report.seconds);
  return 0;
}

}  // namespace

LearnSubcommand AddLearnPropensityCommand(CLI::App& learn) {
  auto o = std::make_shared<PropensityCommandOptions>();
  CLI::App* cmd = learn.add_subcommand(
      "propensity",
      "Propensity to buy: boosted trees with cross-validated AUC, calibration, a leakage guard "
      "and reasons per row (docs/learning/propensity.md)");
  AddLearnDataFlags(*cmd, o->data);
  learn::PropensityOptions& t = o->train;
  cmd->add_option("--folds", t.folds,
                  "Cross-validation folds (0 or left out: 5, fewer past about 120k rows, "
                  "docs/learning/propensity.md)");
  cmd->add_option("--seed", t.seed, "Seed of the folds")
      ->default_val(t.seed)
      ->check(FiniteNumber(0, true, std::numeric_limits<int32_t>::max()));
  cmd->add_option("--trees", t.trees,
                  "Boosting rounds (0 or left out: 200, fewer past about 300k rows)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--depth", t.depth, "Maximum tree depth")->default_val(t.depth);
  cmd->add_option("--learning-rate", t.learning_rate,
                  "Shrinkage per tree (eta; 0 or left out: 0.1, higher when trees are fewer)")
      ->check(FiniteNumber(0, true, 1));
  cmd->add_option("--min-child-weight", t.min_child_weight, "Smallest hessian sum of a leaf")
      ->default_val(t.min_child_weight)
      ->check(FiniteNumber(0));
  cmd->add_option("--leak-auc", t.leak_auc, "Flag a feature whose single-feature AUC reaches this")
      ->default_val(t.leak_auc);
  cmd->add_flag("--keep-leaky", t.keep_leaky, "Keep flagged features in the model");
  cmd->add_flag("--ordinal-categories", o->ordinal_categories,
                "Categories as ordinal codes instead of XGBoost's categorical splits");
  cmd->add_option("--format,-f", o->format, "text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case));
  cmd->add_option("--output,-o", o->output, "Report file; - for standard output");
  cmd->add_option("--scores-out", o->scores_out,
                  "CSV: each row's out-of-fold probability and top 3 reasons");
  cmd->add_option("--folds-out", o->folds_out, "CSV: each row's fold");
  cmd->add_option("--frame-out", o->frame_out,
                  "CSV: fold, outcome and features as the model read them (bench/learn/)");
  cmd->add_flag("--quiet,-q", o->quiet, "No notes or summary line");
  cmd->add_option("--name", o->name,
                  "Store the trained model in the run store as the next version of NAME "
                  "(NAME@1, NAME@2, ...), for predict steps")
      ->check(VersionedName());
  return {cmd, [o] { return RunPropensity(*o); }};
}

}  // namespace acctseg::cli
