// A policy run over its inputs that is not recorded: the first stage of the
// jobs that work on a finished segmentation (learning, planning). It keeps
// the compiled plan and the Execution (every column, the hierarchy), and
// fingerprints each input before it is read, for whatever the job saves.
// Errors: acctseg::Error (policy, input, usage), as `run`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cache/input_cache.h"
#include "plan/plan.h"
#include "store/run_record.h"
#include "store/run_store.h"

namespace acctseg {

struct PolicyRunOptions {
  std::string policy_path;
  std::vector<std::string> inputs;  // NAME=PATH or PATH
  int threads = 0;                  // 0 = all cores
  std::string as_of;                // --as-of; "" = the policy's
  std::string store;                // where predict steps find models; "" = the default
  InputCacheOptions cache;          // where parsed inputs are kept (off unless enabled)
  // The files the job will write ("-": standard output; "": none), checked
  // once the policy is compiled and its inputs resolved, before any work
  // (job/inputs.h RefuseOutputs): none may be a file the run reads (an
  // input, the policy or one of its tables, the store), a directory, or
  // another of them.
  std::vector<std::string> outputs;
  // Open (creating if needed) the store once the outputs are checked and
  // before any input is read, for a job that saves there at its end: a
  // store that cannot be opened fails the job before the work, as `run`.
  bool open_store = false;
};

struct PolicyRun {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Execution> execution;
  std::unique_ptr<RunStore> store;  // with open_store, else null
  // Each input as it was before it was read.
  std::vector<InputFingerprint> fingerprints;
};

PolicyRun RunPolicyUnrecorded(const PolicyRunOptions& options);

}  // namespace acctseg
