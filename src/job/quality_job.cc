#include "job/quality_job.h"

#include "common/error.h"
#include "common/parallel.h"
#include "job/inputs.h"
#include "job/model_jobs.h"

namespace acctseg {
namespace {

// The policy prepared for the report. The stand-in code for invalid values
// is the one change that can fail to compile: a policy already using all
// 64 issue codes has no room for it. Then invalid values stop the report,
// as they stop a run, and the job's `note` says so before the run; empty
// `not_null` values and unmatched keys are still counted.
std::unique_ptr<Plan> CompileForQuality(const QualityJobOptions& options,
                                        RequiredColumns& required) {
  PolicyAst policy = ParsePolicyFile(options.policy_path);
  policy.as_of_override = options.as_of;
  PolicyAst prepared = policy;
  required = PrepareQualityPolicy(prepared);
  try {
    return Plan::Compile(prepared, StoredModels(options.store));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kPolicy) throw;
  }
  prepared = policy;
  required = PrepareQualityPolicy(prepared, /*count_invalid_values=*/false);
  // A mistake of the policy's own is reported here, as `run` reports it.
  std::unique_ptr<Plan> plan = Plan::Compile(prepared, StoredModels(options.store));
  if (options.note)
    options.note(
        "the policy uses all 64 issue codes, so none is left for counting invalid values: the "
        "first invalid value of a column without invalid_issue stops the report, as it stops a "
        "run");
  return plan;
}

}  // namespace

QualityReport QualityJob(const QualityJobOptions& options) {
  RequiredColumns required;
  std::unique_ptr<Plan> plan = CompileForQuality(options, required);
  InputPaths paths = ResolveInputPaths(options.inputs, plan->inputs());
  std::vector<std::string> reads = PathsOf(paths);
  for (const std::string& file : PolicyFiles(*plan)) reads.push_back(file);
  for (const std::string& file : StoreFiles(options.store)) reads.push_back(file);
  RefuseOutputs({options.output}, reads);
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  std::unique_ptr<Execution> execution = plan->Execute(paths, run_options);
  return ComputeQualityReport(*execution, required);
}

}  // namespace acctseg
