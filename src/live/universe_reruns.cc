#include "live/universe_reruns.h"

#include <algorithm>
#include <cstring>

namespace acctseg {
namespace {

// The kinds whose reads are all in their expressions (StepDependencies).
bool ReadsDeclared(const CompiledStep& step) {
  for (const char* kind : {"classify", "compute", "coverage", "lookup", "score", "tier"})
    if (std::strcmp(step.kind(), kind) == 0) return true;
  return false;
}

}  // namespace

std::optional<RowLocalRerun> PlanRowLocalRerun(const Plan& plan, const std::vector<int>& changed) {
  const auto& steps = plan.steps();
  int slot_count = 0;
  for (const auto& step : steps) slot_count = std::max(slot_count, step->dependencies.end_output);
  for (int slot : changed) slot_count = std::max(slot_count, slot + 1);
  std::vector<bool> dirty(slot_count, false);
  for (int slot : changed) dirty[slot] = true;

  RowLocalRerun rerun;
  rerun.steps.assign(steps.size(), false);
  rerun.prefill.assign(slot_count, false);
  uint64_t input_bits = 0, rerun_bits = 0, kept_bits = 0;
  for (const CsvColumnRequest& column : plan.input_columns())
    if (column.invalid_issue_bit >= 0) input_bits |= uint64_t{1} << column.invalid_issue_bit;
  for (size_t s = 0; s < steps.size(); ++s) {
    const CompiledStep& step = *steps[s];
    const StepDependencies& deps = step.dependencies;
    const bool family = std::strcmp(step.kind(), "family") == 0;
    bool reads_dirty = false;
    for (int slot : deps.reads.slots) reads_dirty |= slot < slot_count && dirty[slot];
    if (!family && !ReadsDeclared(step)) return std::nullopt;
    // A row's bit set by a step not re-run is kept as it is: it must be no
    // re-run step's and no input's, whose bits are decided afresh.
    if (family || !reads_dirty) {
      if ((rerun_bits | input_bits) & deps.issue_bits) return std::nullopt;
      kept_bits |= deps.issue_bits;
      continue;
    }
    if (deps.reads.through_family || (kept_bits & deps.issue_bits)) return std::nullopt;
    rerun_bits |= deps.issue_bits;
    rerun.steps[s] = true;
    for (int slot = deps.first_output; slot < deps.end_output; ++slot) dirty[slot] = true;
  }
  // What the re-run steps read that no re-run step defines and no input holds.
  const int inputs = static_cast<int>(plan.input_columns().size());
  for (size_t s = 0; s < steps.size(); ++s)
    if (rerun.steps[s])
      for (int slot : steps[s]->dependencies.reads.slots)
        if (slot >= inputs && !dirty[slot]) rerun.prefill[slot] = true;
  rerun.kept_issues = kept_bits;
  return rerun;
}

}  // namespace acctseg
