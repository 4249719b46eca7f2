// Fused groups: runs of consecutive row-local steps on the accounts
// (classify, compute, score: CompiledStep::can_fuse) that a run evaluates
// batch by batch, every step of the group on one batch before the next
// batch, instead of step by step over all rows. A value one step makes and
// the next reads is then read while it is still in cache, and a column no
// one reads after the group (plan/liveness.h) is never made: its values
// live one batch at a time (docs/architecture.md, "Fused steps").
#pragma once

#include <memory>
#include <vector>

#include "steps/step.h"

namespace acctseg {

struct StepGroup {
  size_t begin = 0, end = 0;  // steps [begin, end)
};

// The plan's fused groups, in order, of one step or more. A step that reads
// across rows (a parent. or global. read, a family aggregate) of a column an
// earlier step of the group makes starts a group of its own: those rows'
// values are not in its batch.
std::vector<StepGroup> FusedGroups(const std::vector<std::unique_ptr<CompiledStep>>& steps);

// Runs steps [begin, end) of a fused group over `state`; `keep`, by slot:
// which of their outputs must become columns. A RowError leaves as it
// does from a step's Run (naming the run's row), but which step and row
// fail first may differ from running the steps one by one: the caller runs
// them so to report the error an unfused run reports.
void RunFusedGroup(const std::vector<std::unique_ptr<CompiledStep>>& steps, StepGroup group,
                   RunState& state, const std::vector<bool>& keep);

}  // namespace acctseg
