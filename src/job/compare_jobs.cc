#include "job/compare_jobs.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "common/error.h"
#include "common/parallel.h"
#include "history/capture.h"
#include "io/standard_input.h"
#include "job/inputs.h"
#include "job/model_jobs.h"
#include "store/content_hash.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

std::string Base(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Why a stored run cannot be re-run as it was, to explain moved accounts:
// a note (its file gone, changed, or not a file that can be read again;
// empty for a run that recorded no inputs); nullopt where it can, with its
// inputs' paths in `paths`.
std::optional<std::string> CannotRerun(const RunRecord& record, InputPaths& paths) {
  if (record.inputs.empty()) return std::string();
  // Why a file the run read cannot be read again as it was, or "".
  auto changed = [&](const std::string& what, const std::string& path, const std::string& hash) {
    // Records made before standard input went unhashed may hold a hash.
    if (hash.empty() || NamesStandardInput(path))
      return what + " " + path + " of run " + record.id + " was not a file that can be read again";
    if (!std::filesystem::exists(path))
      return what + " " + path + " of run " + record.id + " is gone";
    if (HashFile(path) != hash) return what + " " + path + " changed since run " + record.id;
    return std::string();
  };
  std::string note;
  for (const InputFingerprint& input : record.inputs) {
    note = changed("input", input.path, input.content_hash);
    if (!note.empty()) break;
    paths[input.name] = input.path;
  }
  // Tables, where the record has them (runs since they were recorded).
  if (note.empty() && record.options.contains("tables"))
    for (const auto& [name, table] : record.options["tables"].items()) {
      note = changed("table", table.value("path", ""), table.value("content_hash", ""));
      if (!note.empty()) break;
    }
  if (note.empty()) return std::nullopt;
  return note + ": explanations left out";
}

// Re-runs a stored run's policy on its inputs (CannotRerun said it can).
std::unique_ptr<Execution> Rerun(const RunRecord& record, const InputPaths& paths,
                                 const ModelResolver& models, const InputCacheOptions& cache,
                                 std::unique_ptr<Plan>& plan) {
  PolicyAst policy = ParsePolicyText(record.policy_path, record.policy_text);
  policy.as_of_override = record.options.value("as_of", "");  // the run's own AS_OF
  plan = Plan::Compile(policy, models);
  RunOptions options;
  options.threads = HardwareThreads();
  options.read_input = InputReaderFor(cache);
  return plan->Execute(paths, options);
}

}  // namespace

WhatifJobResult WhatifJob(const WhatifJobOptions& options) {
  const ModelResolver models = StoredModels(options.store);
  std::unique_ptr<Plan> before = Plan::CompileFile(options.policy_before, options.as_of, models);
  std::unique_ptr<Plan> after = Plan::CompileFile(options.policy_after, options.as_of, models);
  if (before->input_name() != after->input_name())
    throw Error(ErrorKind::kUsage, "the two policies name their accounts input differently (\"" +
                                       before->input_name() + "\" and \"" + after->input_name() +
                                       "\")");
  // Every input either policy reads; each is read once, shared by both.
  std::vector<PlanInput> wanted = after->inputs();
  for (const PlanInput& input : before->inputs())
    if (std::none_of(wanted.begin(), wanted.end(),
                     [&](const PlanInput& w) { return w.name == input.name; }))
      wanted.push_back(input);
  InputPaths inputs = ResolveInputPaths(options.inputs, wanted);
  std::vector<std::string> reads = PathsOf(inputs);
  for (const Plan* plan : {before.get(), after.get()})
    for (const std::string& file : PolicyFiles(*plan)) reads.push_back(file);
  for (const std::string& file : StoreFiles(options.store)) reads.push_back(file);
  RefuseOutputs({options.output}, reads);
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  run_options.cancelled = options.cancelled;
  run_options.read_input = InputReaderFor(options.cache);
  ReadInputs shared = ReadInputsFor({before.get(), after.get()}, inputs, run_options);
  ThrowIfCancelled(options.cancelled);
  // The steps both policies begin with run once: the edit's run continues
  // from the state the current policy's run had after them.
  StepsDone shared_steps;
  shared_steps.steps = after->StepsSharedWith(*before);
  RunOptions before_options = run_options, after_options = run_options;
  if (shared_steps.steps > 0) {
    before_options.keep_steps_done = &shared_steps;
    after_options.continue_from = &shared_steps;
  }
  auto exec_before = before->ExecuteOn(shared, inputs, before_options);
  ThrowIfCancelled(options.cancelled);
  auto exec_after = after->ExecuteOn(shared, inputs, after_options);
  ThrowIfCancelled(options.cancelled);
  CommonSummary common = CommonDiffOptions(DiffOptionsFor(*before), DiffOptionsFor(*after));
  common.options.max_listed = options.max_listed;
  WhatifJobResult job;
  job.report = ComputeDiff(CaptureResults(*exec_before, false), CaptureResults(*exec_after, false),
                           common.options);
  common.NoteIn(job.report);
  job.report.command = "whatif";
  job.report.label_before = "policy " + options.policy_before;
  job.report.label_after = "policy " + options.policy_after;
  ExplainMoves(*exec_before, *exec_after, job.report, options.cancelled);
  job.row_count = exec_after->result.outputs.row_count();
  return job;
}

std::string PolicyNameAmong(const std::string& path, const std::vector<std::string>& others) {
  const std::filesystem::path p(path);
  const bool alike = std::any_of(others.begin(), others.end(), [&](const std::string& other) {
    const std::filesystem::path o(other);
    return o.filename() == p.filename() && o != p;
  });
  return alike ? (p.parent_path().filename() / p.filename()).string() : p.filename().string();
}

DiffRunsJobResult DiffRunsJob(const DiffRunsJobOptions& options) {
  auto store =
      RunStore::OpenExisting(options.store.empty() ? RunStore::DefaultLocation() : options.store);
  RunRecord a = store->Get(options.run_before);
  RunRecord b = store->Get(options.run_after);
  // The store, and when the moves are explained both runs' policies and
  // inputs, which that re-reads.
  std::vector<std::string> reads = StoreFiles(options.store);
  if (options.explain)
    for (const RunRecord* run : {&a, &b}) {
      reads.push_back(run->policy_path);
      for (const InputFingerprint& input : run->inputs) reads.push_back(input.path);
    }
  RefuseOutputs({options.output}, reads);
  CommonSummary common = CommonDiffOptions(DiffOptionsFor(a), DiffOptionsFor(b));
  DiffOptions& diff_options = common.options;
  diff_options.max_listed = options.max_listed;
  // Runs of policies keyed on different columns have no accounts to pair:
  // said so, rather than "no column" of one side as if its data were bad.
  const std::string key_a = DiffOptionsFor(a).key;
  if (!key_a.empty() && !diff_options.key.empty() && key_a != diff_options.key)
    throw Error(ErrorKind::kUsage,
                "the runs key their accounts on different columns (" + key_a + " in run " + a.id +
                    " of " + Base(a.policy_path) + ", " + diff_options.key + " in run " + b.id +
                    " of " + Base(b.policy_path) +
                    "): diff pairs accounts by one key; compare runs of one policy");
  DiffRunsJobResult job;
  // Runs of two acctseg versions: a move may be the program's, not the
  // data's or the policy's (runs recorded before the version was kept say
  // nothing).
  const std::string version_a = a.options.value("code_version", "");
  const std::string version_b = b.options.value("code_version", "");
  if (!version_a.empty() && !version_b.empty() && version_a != version_b)
    job.note = "run " + a.id + " was made by acctseg " + version_a + ", run " + b.id + " by " +
               version_b + ": some moves may be the program's";
  auto add_note = [&](const std::string& note) {
    job.note += (job.note.empty() ? "" : "; ") + note;
  };
  // Runs over other data: a move may be the data's, not the policy's (a
  // leader read 377 moves as the new policy's).
  for (const InputFingerprint& before : a.inputs)
    for (const InputFingerprint& after : b.inputs)
      if (before.name == after.name && !before.content_hash.empty() &&
          !after.content_hash.empty() && before.content_hash != after.content_hash)
        add_note("the runs read different " + before.name + " (" + before.path + ", " +
                 std::to_string(before.rows) + " rows; " + after.path + ", " +
                 std::to_string(after.rows) + " rows): some moves may be the data's");
  job.report = ComputeDiff(store->LoadResults(a.id), store->LoadResults(b.id), diff_options);
  common.NoteIn(job.report);
  job.report.label_before =
      "run " + a.id + " (" + PolicyNameAmong(a.policy_path, {b.policy_path}) + ")";
  job.report.label_after =
      "run " + b.id + " (" + PolicyNameAmong(b.policy_path, {a.policy_path}) + ")";
  if (options.explain && !job.report.moved.empty()) {
    std::unique_ptr<Plan> plan_a, plan_b;
    try {
      // Both checked before either is re-run: a run of a 1M-row file was
      // re-read and cached, then the other run's input, a pipe, left the
      // moves unexplained all the same.
      InputPaths paths_a, paths_b;
      std::optional<std::string> cannot = CannotRerun(a, paths_a);
      if (!cannot) cannot = CannotRerun(b, paths_b);
      if (cannot) {
        add_note(*cannot);
      } else {
        const ModelResolver models = StoredModels(options.store);
        auto exec_a = Rerun(a, paths_a, models, options.cache, plan_a);
        auto exec_b = Rerun(b, paths_b, models, options.cache, plan_b);
        ExplainMoves(*exec_a, *exec_b, job.report, /*cancelled=*/nullptr);
      }
    } catch (const Error& e) {
      add_note(std::string("could not re-run the stored policies to explain the moves: ") +
               e.what());
    }
  }
  return job;
}

}  // namespace acctseg
