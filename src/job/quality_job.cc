#include "job/quality_job.h"

#include "common/error.h"
#include "common/parallel.h"
#include "job/inputs.h"
#include "job/model_jobs.h"

namespace acctseg {
namespace {

// The policy prepared for the report; as written when preparing it would
// need more issue codes than a row can carry (the report then counts no
// invalid values of columns that stop a run: none were read).
std::unique_ptr<Plan> CompileForQuality(const QualityJobOptions& options,
                                        RequiredColumns& required) {
  PolicyAst policy = ParsePolicyFile(options.policy_path);
  policy.as_of_override = options.as_of;
  PolicyAst prepared = policy;
  required = PrepareQualityPolicy(prepared);
  try {
    return Plan::Compile(prepared, StoredModels(""));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kPolicy) throw;
  }
  required.clear();
  return Plan::Compile(policy, StoredModels(""));
}

}  // namespace

QualityReport QualityJob(const QualityJobOptions& options) {
  RequiredColumns required;
  std::unique_ptr<Plan> plan = CompileForQuality(options, required);
  InputPaths paths = ResolveInputPaths(options.inputs, plan->inputs());
  std::vector<std::string> reads = PathsOf(paths);
  for (const std::string& file : PolicyFiles(*plan)) reads.push_back(file);
  RefuseOutputs({options.output}, reads);
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  std::unique_ptr<Execution> execution = plan->Execute(paths, run_options);
  return ComputeQualityReport(*execution, required);
}

}  // namespace acctseg
