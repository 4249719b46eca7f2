// Re-running steps on an account's row alone (docs/architecture.md, "How
// live updates stay exact"). An update re-runs, in order, the steps that
// read a column whose value it changed, on its row, and notes which of
// their outputs the re-run changed; a step reading none keeps its values.
// Only when a step that reads through the family (parent., global., a
// FAMILY_* aggregate) reads a changed column can other rows' outputs
// change: then the account's whole family is re-run instead. So an update
// of the employees that leaves the account's own segment as it was costs
// one row, not a family of thousands.
#pragma once

#include <cstdint>
#include <vector>

#include "live/universe_accounts.h"
#include "plan/plan.h"

namespace acctseg {

// Whether the plan's steps can be followed row by row: every step's reads
// are declared in its dependencies (not normalize, predict, dedupe,
// aggregate), and no issue bit is set by two steps or by a step and the
// input's reading, so that a step not re-run can keep its bits.
bool CanRerunRowLocally(const Plan& plan);

// The slots whose values a row-local re-run has changed (per slot).
class ChangedSlots {
 public:
  explicit ChangedSlots(size_t slots) : changed_(slots, false) {}
  void Mark(int slot) { changed_[slot] = true; }
  bool Marked(int slot) const { return changed_[slot]; }
  bool ReadBy(const CompiledStep& step) const;
  // Marks the slots of `step`'s outputs whose values at `rows` differ
  // between the subset (row i: rows[i]) and the full state.
  void MarkDiffering(const CompiledStep& step, const std::vector<int32_t>& rows,
                     const RunData& subset, const RunData& full);

 private:
  std::vector<bool> changed_;
};

// For a step not re-run on `rows`: its issue bits, kept from `full`.
void KeepStep(const CompiledStep& step, const std::vector<int32_t>& rows, const RunState& full,
              RunState& subset);
// For a step re-run: the columns it reads that the subset lacks (computed
// by steps not re-run), copied from `full`, noted in `copied`.
void CopyReads(const CompiledStep& step, const std::vector<int32_t>& rows, const RunState& full,
               RunState& subset, std::vector<bool>& copied);

}  // namespace acctseg
