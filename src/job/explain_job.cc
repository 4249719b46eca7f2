#include "job/explain_job.h"

#include "common/error.h"
#include "common/parallel.h"
#include "explain/explain.h"
#include "io/csv_chunk_parser.h"
#include "job/inputs.h"
#include "job/model_jobs.h"

namespace acctseg {

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
  for (const std::string& account : options.accounts) {
    std::optional<size_t> row = execution->FindAccount(account);
    // Keys are read trimmed of spaces and tabs (unless trim: false): an id
    // pasted with a trailing space still names its account.
    if (!row && Trim(account) != account) row = execution->FindAccount(std::string(Trim(account)));
    if (!row)
      throw Error(ErrorKind::kNotFound, "no account with " + plan->key_column() + " \"" + account +
                                            "\" in " + execution->state.input_path);
    job.explanations.push_back(ExplainAccount(*execution, *row));
  }
  job.row_count = execution->result.outputs.row_count();
  job.input_path = execution->state.input_path;
  return job;
}

}  // namespace acctseg
