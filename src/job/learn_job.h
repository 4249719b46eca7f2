// Learning jobs share one first stage: run the policy over its inputs (not
// recorded) and take the learning frame out of the finished table, so a
// feature can be any column the policy reads or computes — an input
// column, a classify band, an aggregate over related opportunities.
// Errors: acctseg::Error (policy, input, usage), as `run`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "job/policy_run.h"
#include "job/post_outcome.h"
#include "learn/learning_frame.h"

namespace acctseg {

// The policy run (job/policy_run.h) and the frame to take out of it.
struct LearnDataOptions : PolicyRunOptions {
  learn::FrameSpec frame;  // outcome, features, measures
};

// The policy run: its plan, its Execution and each input as it was before
// it was read (what a stored model records as its training data); then:
struct LearnData : PolicyRun {
  learn::FrameBuild build;  // the frame and what was left out
  // Columns known only after the outcome (job/post_outcome.h), excluded
  // from the features whatever --features says.
  std::vector<PostOutcomeColumn> post_outcome;
};

// The run's columns by name, in output order: the accounts input's
// columns, then every step's outputs.
std::vector<learn::NamedColumn> RunColumns(const Execution& execution);

LearnData PrepareLearnData(const LearnDataOptions& options);

}  // namespace acctseg
