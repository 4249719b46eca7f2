// Row-local re-runs of steps that read through the family
// (docs/architecture.md, "Most updates touch one row"). An update that
// changes a value a step reads through `parent.`, `global.` or a family
// aggregate can still re-run that step on the updated rows alone when no
// other row's view of the family changes:
//   - no row outside the re-run reads the changed value through `global.`
//     (the row is not the top of a family with other members) or `parent.`
//     (no member outside names it as parent);
//   - every family aggregate the step reads keeps its value: the family's
//     aggregate is re-folded from its members' values (the re-run rows'
//     new ones, the others' as they are), with the rule a batch run uses,
//     so a FAMILY_MAX whose holder is lowered finds the next holder, and a
//     tie keeps the first member in row order. Only the supplying member
//     may change (it is written back at the family's top).
// Otherwise the whole family must re-run — unless the step is one whose
// value is the family's alone (FamilyLevel: it reads the row only through
// global. and family aggregates), when the re-run row's new result is
// every member's: if it is the result the row had (outputs, trace, issue
// bits), no member's changes, and the family need not re-run. So a global
// account whose own segment moves while another member holds FAMILY_MAX
// re-runs one row, not the thousands of its family. The step then runs on
// the rows with OuterFamilies (expr/bound_expr.h): family reads go to the
// universe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "live/family_index.h"
#include "live/universe_subset.h"
#include "steps/step.h"

namespace acctseg {

class FamilyReads {
 public:
  // The input cells an update set: (universe row, input slot).
  using Cell = std::pair<int32_t, int>;
  // `rows`: the re-run rows (increasing); `set_cells`: the input cells the
  // updates set, on some of them (a batch's events each set their own, so
  // one event's column is not taken as changed on another's row);
  // `families`: the universe's families. `rows`, `families` and `full`
  // must outlive this object, and the families must not change while it lives.
  FamilyReads(const std::vector<int32_t>& rows, const std::vector<Cell>& set_cells,
              size_t input_slots, const FamilyIndex& families, const RunState& full);
  // Every one of `changed_inputs` set on every one of `updated` (one update).
  static std::vector<Cell> CellsOf(const std::vector<int32_t>& updated,
                                   const std::vector<int>& changed_inputs);

  // Before `step` (which reads through the family) runs on the subset of
  // `rows`: checks that no row outside them sees a different family, and
  // fills the subset's per-row values of the step's family aggregates.
  // False when the family must re-run instead (nothing was changed then).
  // `copied`: the subset slots copied from the universe (unchanged values).
  // With `refused`, the check goes on past the first such row and notes
  // every one (subset rows) there: a batch of updates of distinct families
  // sets those aside and goes on with the others.
  // `confirm_after`: whether the caller may still refuse after the step
  // ran (nothing of the pass is in the universe yet): then a family-level
  // step's change of a family view is set aside for ConfirmAfterRun
  // instead of refused here.
  bool PrepareStep(const CompiledStep& step, RunState& subset, const std::vector<bool>& copied,
                   std::vector<size_t>* refused = nullptr, bool confirm_after = false);
  // After `step` (the plan's step `s`) ran on the subset: whether each row
  // set aside by PrepareStep has the result it had; false, with the others
  // noted in `refused` (or at the first, without), when the family must
  // re-run.
  bool ConfirmAfterRun(const CompiledStep& step, size_t s, const RunState& subset,
                       std::vector<size_t>* refused = nullptr);
  // Whether `step`'s value for a row is its family's alone: it reads only
  // through global. and family aggregates, and nothing besides its
  // expressions.
  static bool FamilyLevel(const CompiledStep& step);

  // After the pass: the re-folded aggregates whose value or supplying member
  // changed are written at their family's top; the subset's per-row
  // aggregate columns are dropped, so that WriteBack leaves them alone.
  void WriteBack(RunState& subset, MutableRun& run);

  // Whether slot `slot` of subset row `i` differs from the universe's.
  bool ChangedAt(int slot, size_t i, const RunState& subset, const std::vector<bool>& copied) const;

 private:
  struct Refolded {
    const BoundExpr* node;
    int32_t top;
    std::shared_ptr<Column> value;  // one row
    int32_t source;
  };
  // The members of `row`'s family, increasing (itself alone if none).
  const std::vector<int32_t>& FamilyOf(int32_t row) const;
  // Whether `row` is a re-run row, and which (`at`).
  bool InRows(int32_t row, size_t* at) const;

  const std::vector<int32_t>& rows_;
  std::vector<Cell> set_cells_;  // sorted
  const size_t input_slots_;
  const FamilyIndex& families_;
  // FamilyOf's answers by family top: the index holds ids, not rows.
  mutable std::unordered_map<int32_t, std::vector<int32_t>> members_of_top_;
  const RunState& full_;
  std::vector<Refolded> refolded_;
  std::vector<size_t> unconfirmed_;  // subset rows set aside for ConfirmAfterRun
  std::map<std::pair<const BoundExpr*, int32_t>, size_t> refolded_at_;  // (node, top) -> index
  // (top, place in rows_) of every re-run row, sorted: a batch re-runs
  // hundreds of rows, and a map of vectors cost an allocation per family.
  using TopRows = std::vector<std::pair<int32_t, size_t>>;
  TopRows rows_of_top_;
  // The places in rows_ of the re-run rows of `top`'s family, increasing.
  std::pair<TopRows::const_iterator, TopRows::const_iterator> RowsOfTop(int32_t top) const;
  mutable std::vector<int32_t> alone_;
};

}  // namespace acctseg
