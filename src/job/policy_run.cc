#include "job/policy_run.h"

#include "common/parallel.h"
#include "history/capture.h"
#include "job/inputs.h"
#include "job/model_jobs.h"
#include "job/stored_records.h"

namespace acctseg {

PolicyRun RunPolicyUnrecorded(const PolicyRunOptions& options) {
  PolicyRun run;
  run.plan = Plan::CompileFile(options.policy_path, options.as_of, StoredModels(options.store));
  RunOptions run_options;
  run_options.threads = options.threads > 0 ? options.threads : HardwareThreads();
  run_options.read_input = InputReaderFor(options.cache);
  InputPaths paths = ResolveInputPaths(options.inputs, run.plan->inputs());
  std::vector<std::string> reads = PathsOf(paths);
  for (const std::string& file : PolicyFiles(*run.plan)) reads.push_back(file);
  for (const std::string& file : StoreFiles(options.store)) reads.push_back(file);
  RefuseOutputs(options.outputs, reads);
  if (options.open_store) run.store = OpenStoreOrDefault(options.store);
  for (const PlanInput& input : run.plan->inputs())
    run.fingerprints.push_back(FingerprintInput(input.name, paths.at(input.name)));
  run.execution = run.plan->Execute(paths, run_options);
  return run;
}

}  // namespace acctseg
