// Learning jobs share one first stage: run the policy over its inputs (not
// recorded) and take the learning frame out of the finished table, so a
// feature can be any column the policy reads or computes — an input
// column, a classify band, an aggregate over related opportunities.
// Errors: acctseg::Error (policy, input, usage), as `run`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "learn/learning_frame.h"
#include "plan/plan.h"
#include "store/run_record.h"

namespace acctseg {

struct LearnDataOptions {
  std::string policy_path;
  std::vector<std::string> inputs;  // NAME=PATH or PATH
  int threads = 0;                  // 0 = all cores
  std::string as_of;                // --as-of; "" = the policy's
  learn::FrameSpec frame;           // outcome, features, measures
  std::string store;                // where predict steps find models; "" = the default
};

struct LearnData {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Execution> execution;
  learn::FrameBuild build;  // the frame and what was left out
  // Columns known only after the outcome (job/post_outcome.h), excluded
  // from the features whatever --features says.
  std::vector<std::string> post_outcome;
  // Each input as it was before it was read (what a stored model records
  // as its training data).
  std::vector<InputFingerprint> fingerprints;
};

// The run's columns by name, in output order: the accounts input's
// columns, then every step's outputs.
std::vector<learn::NamedColumn> RunColumns(const Execution& execution);

LearnData PrepareLearnData(const LearnDataOptions& options);

}  // namespace acctseg
