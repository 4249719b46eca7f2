#include "job/explain_job.h"

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/quoted_value.h"
#include "explain/explain.h"
#include "io/csv_chunk_parser.h"
#include "job/inputs.h"
#include "job/model_jobs.h"

namespace acctseg {
namespace {

// The keys of the run's accounts (rows without a key name none), for a
// did-you-mean: only built when an id is unknown.
std::vector<std::string> AccountKeys(const Execution& execution) {
  const Column& ids = *execution.ColumnNamed(execution.plan().key_column());
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (size_t row = 0; row < ids.size(); ++row)
    if (!ids.IsNull(row)) keys.emplace_back(ids.StringAt(row));
  return keys;
}

}  // namespace

ExplainJobResult ExplainJob(const ExplainJobOptions& options) {
  std::unique_ptr<Plan> plan =
      Plan::CompileFile(options.policy_path, options.as_of, StoredModels(options.store));
  if (plan->key_column().empty())
    throw Error(ErrorKind::kUsage,
                options.policy_path + ": explain needs the policy's input to declare a key");
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  run_options.read_input = InputReaderFor(options.cache);
  std::unique_ptr<Execution> execution =
      plan->Execute(ResolveInputPaths(options.inputs, plan->inputs()), run_options);
  ExplainJobResult job;
  std::vector<size_t> rows;
  std::vector<std::string> unknown;
  for (const std::string& account : options.accounts) {
    std::optional<size_t> row = execution->FindAccount(account);
    // Keys are read trimmed of spaces and tabs (unless trim: false): an id
    // pasted with a trailing space still names its account.
    if (!row && Trim(account) != account) row = execution->FindAccount(std::string(Trim(account)));
    if (row)
      rows.push_back(*row);
    else
      unknown.push_back(account);
  }
  // Every unknown id at once, so that a list of ids is mended in one go.
  if (!unknown.empty()) {
    const std::vector<std::string> keys = AccountKeys(*execution);
    std::string list;
    for (const std::string& id : unknown)
      // An empty id is close to every short one: no suggestion for it.
      list += (list.empty() ? "" : ", ") + QuotedValue(id) +
              (Trim(id).empty() ? "" : DidYouMean(id, keys));
    throw Error(ErrorKind::kNotFound,
                "no account with " + plan->key_column() + " " + list + " in " +
                    execution->state.input_path +
                    (rows.empty() ? "" : " (nothing explained: the other ids were found)"));
  }
  for (size_t row : rows) job.explanations.push_back(ExplainAccount(*execution, row));
  job.row_count = execution->result.outputs.row_count();
  job.input_path = execution->state.input_path;
  return job;
}

}  // namespace acctseg
