// A RunState of a few rows of the universe, so compiled steps run on just
// the rows an event affects; and the writing of its results back into the
// universe's columns, by value (the subset's dictionaries are its own).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "live/universe_accounts.h"
#include "steps/step.h"

namespace acctseg {

// A column whose rows are written in place: its own dictionary, to intern
// the strings written.
struct MutableColumn {
  std::shared_ptr<Column> column;
  std::shared_ptr<Dictionary> dictionary;  // null for non-strings
  static MutableColumn CopyOf(const Column& column);
  // Row `row` takes the value of `from`'s row `from_row`; whether that
  // changed its value (the cells are in hand: a re-run's answer needs no
  // copy of its rows' outputs before).
  bool Write(size_t row, const Column& from, size_t from_row);
  // Row `row` of a string column takes `text` (nullopt: NULL); whether
  // that changed its value.
  bool WriteText(size_t row, std::optional<std::string_view> text);

  // Write's memo for strings: the code here of each code of `memo_from`,
  // the dictionary last written from (a batch writes back a thousand rows
  // from one subset, whose few values would otherwise be hashed and looked
  // up row by row). Held, so that its address is not reused by another
  // dictionary; dictionaries only grow, so a code means one text for good.
  std::shared_ptr<const Dictionary> memo_from;
  std::vector<uint32_t> memo_codes;  // kNotInterned: not yet looked up
  static constexpr uint32_t kNotInterned = UINT32_MAX;
};

// What some rows of a table held, to compare with what they hold after a
// re-run: per row and column a number, or a code of the column's
// dictionary (held; dictionaries only grow, so a code keeps its text).
// Copying the rows into a table of their own made a column, its arrays and
// a shared pointer per output column: a sixth of a single event's apply.
class RowValues {
 public:
  RowValues() = default;
  // Rows `rows` of `table`, in that order.
  RowValues(const Table& table, const std::vector<int32_t>& rows);
  // Whether the i-th row held in column `c` what row `row` of `after` holds.
  bool Same(size_t c, size_t i, const Column& after, size_t row) const;

 private:
  size_t columns_ = 0;
  std::vector<int64_t> values_;  // [i * columns_ + c]: the number, or the code
  std::vector<bool> nulls_;      // the same
  std::vector<std::shared_ptr<const Dictionary>> dictionaries_;  // per column; null unless text
};

// The rows `rows` (increasing) of the accounts: their input columns (with
// dictionaries of their own values), their lines and read issues; slots
// after the inputs empty, for the steps to fill. `full` gives the rest
// (slot and node counts, names). `row_lines` must outlive the state.
// Without `all_inputs`, only the key column, with the accounts' own
// dictionary (it is read as text only): the caller slices the others a
// step reads (a row-local re-run reads few).
RunState SubsetState(const LiveAccounts& accounts, const std::vector<int32_t>& rows,
                     const RunState& full, RowLines& row_lines, bool all_inputs = true);

// Whether row `row_a` of `a` and row `row_b` of `b` hold the same value
// (strings compared as text: the columns' dictionaries may differ).
bool SameValue(const Column& a, size_t row_a, const Column& b, size_t row_b);

// Whether row i of `subset` differs from row rows[i] of `full` for some i.
// Texts of two dictionaries are matched once per code of `subset`'s, not
// once per row: a family that moves segment is thousands of rows with a
// handful of values.
bool AnyRowDiffers(const Column& subset, const Column& full, const std::vector<int32_t>& rows);

// The rows `rows` of `column`, with a dictionary of their own values, or
// `column`'s own when it is small (no bigger than the rows, or a few dozen
// values): for reading, by steps that do not take codes as row identities.
std::shared_ptr<const Column> SliceRows(const Column& column, const std::vector<int32_t>& rows);

// What the universe keeps in place of the execution's immutable parts.
struct MutableRun {
  std::vector<MutableColumn> slots;     // per slot; no column for the inputs
  std::vector<MutableColumn> prepared;  // per expression node, where a step prepared one
  std::vector<std::shared_ptr<std::vector<int32_t>>> prepared_source;
  std::shared_ptr<Hierarchy> hierarchy;  // null without a family step
};

// Makes `full`'s computed slots, prepared columns and hierarchy writable
// (`input_slots` first slots are the accounts' own columns, left shared).
MutableRun AdoptRun(RunState& full, size_t input_slots);

// Writes the subset's results for its rows back: computed slots (those the
// subset holds), prepared columns, hierarchy, traces and issues. With
// `slots_changed`, row i of it is set when a slot of rows[i] changed value.
void WriteBack(const RunState& subset, const std::vector<int32_t>& rows, size_t input_slots,
               MutableRun& run, RunState& full, std::vector<bool>* slots_changed = nullptr);
// Calls visit(from_array, to_array) for each per-row array of a step's
// trace that a re-run writes back (the rule, the key, the table row, each
// term's points), where both traces have it. `To`: StepTrace, const or not.
template <typename To, typename Visit>
void ForEachRowTrace(const StepTrace& from, To& to, Visit&& visit) {
  auto both = [&](const auto& a, auto& b) {
    if (!a.empty() && !b.empty()) visit(a, b);
  };
  both(from.rule, to.rule);
  both(from.key, to.key);
  both(from.table_row, to.table_row);
  for (size_t t = 0; t < from.term_points.size() && t < to.term_points.size(); ++t)
    both(from.term_points[t], to.term_points[t]);
}
// The same for the subset's row `i` alone (rows[i] of the universe):
// whether a slot of it changed value.
bool WriteBackRow(const RunState& subset, const std::vector<int32_t>& rows, size_t i,
                  size_t input_slots, MutableRun& run, RunState& full);

}  // namespace acctseg
