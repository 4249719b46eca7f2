#include "live/universe_reruns.h"

#include "live/universe_subset.h"

namespace acctseg {

bool CanRerunRowLocally(const Plan& plan) {
  uint64_t owned = 0;
  for (const CsvColumnRequest& column : plan.input_columns())
    if (column.invalid_issue_bit >= 0) owned |= uint64_t{1} << column.invalid_issue_bit;
  for (const auto& step : plan.steps()) {
    if (step->other_reads() == CompiledStep::OtherReads::kAnything ||
        (owned & step->dependencies.issue_bits))
      return false;
    owned |= step->dependencies.issue_bits;
  }
  return true;
}

bool ChangedSlots::ReadBy(const CompiledStep& step) const {
  for (int slot : step.dependencies.reads.slots)
    if (slot < static_cast<int>(changed_.size()) && changed_[slot]) return true;
  return false;
}

void ChangedSlots::MarkDiffering(const CompiledStep& step, const std::vector<int32_t>& rows,
                                 const RunData& subset, const RunData& full) {
  for (int slot = step.dependencies.first_output; slot < step.dependencies.end_output; ++slot) {
    if (changed_[slot] || !subset.slots[slot]) continue;
    changed_[slot] = AnyRowDiffers(*subset.slots[slot], *full.slots[slot], rows);
  }
}

void KeepStep(const CompiledStep& step, const std::vector<int32_t>& rows, const RunState& full,
              RunState& subset) {
  for (size_t i = 0; i < rows.size(); ++i)
    subset.issues.Add(i, full.issues[rows[i]] & step.dependencies.issue_bits);
}

void CopyReads(const CompiledStep& step, const std::vector<int32_t>& rows, const RunState& full,
               RunState& subset, std::vector<bool>& copied) {
  const StepDependencies& deps = step.dependencies;
  for (int slot : deps.reads.slots) {
    // A column may read one its own step defined before it (compute).
    const bool own = slot >= deps.first_output && slot < deps.end_output;
    if (own || subset.data.slots[slot] || !full.data.slots[slot]) continue;
    subset.data.slots[slot] = SliceRows(*full.data.slots[slot], rows);
    copied[slot] = true;
  }
}

}  // namespace acctseg
