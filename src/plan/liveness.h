// Liveness of a run's columns: after which step each column of the
// accounts is read for the last time, so that a run which only writes and
// records its outputs (RunOptions::release_columns) can let go of it there
// instead of holding every input and intermediate column to the end. At
// 100M accounts that is the difference between fitting in memory or not
// (bench/README.md, "100M accounts").
#pragma once

#include <memory>
#include <vector>

#include "steps/step.h"

namespace acctseg {

struct ColumnReleases {
  std::vector<int> before_steps;             // slots no step reads and no one keeps
  std::vector<std::vector<int>> after_step;  // by step index: slots read last there
};

// `kept`: the slots read after the steps (outputs, key, summary). A step
// whose reads are all in its expressions (StepDependencies) reads those;
// any other kind (family, aggregate, normalize, dedupe, predict) counts as
// reading every column, so nothing is released before it — a policy of
// such steps simply keeps more. Steps on related inputs (`on:`) read no
// account column; an aggregate, which folds one into the accounts, is of the
// other kinds.
ColumnReleases PlanColumnReleases(const std::vector<std::unique_ptr<CompiledStep>>& steps,
                                  int slot_count, const std::vector<int>& kept);

// By slot: whether it is a step's output that no later step reads and that
// is not in `kept` (the summary's columns and the key, here: not the
// outputs, which only the writers read): RunState::write_only_slots.
std::vector<bool> WriteOnlySlots(const std::vector<std::unique_ptr<CompiledStep>>& steps,
                                 int slot_count, const std::vector<int>& kept);

}  // namespace acctseg
