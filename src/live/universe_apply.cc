// LiveUniverse::Apply: changes the accounts, re-segments, and reports what
// changed.
#include <functional>

#include "common/error.h"
#include "live/universe.h"
#include "live/universe_state.h"

namespace acctseg {
namespace {

constexpr size_t kMaxChangedIds = 100;

bool SameValue(const Column& a, size_t row_a, const Column& b, size_t row_b) {
  if (a.IsNull(row_a) || b.IsNull(row_b)) return a.IsNull(row_a) == b.IsNull(row_b);
  if (a.type.id == TypeId::kString) return a.StringAt(row_a) == b.StringAt(row_b);
  return a.ints[row_a] == b.ints[row_b];
}

// The output columns (by index) whose value differs between two rows.
std::vector<size_t> ChangedColumns(const Table& before, size_t row_before, const Table& after,
                                   size_t row_after) {
  std::vector<size_t> changed;
  for (size_t c = 0; c < after.column_count(); ++c)
    if (!SameValue(before.column(c), row_before, after.column(c), row_after)) changed.push_back(c);
  return changed;
}

}  // namespace

ApplyResult LiveUniverse::Apply(const LiveEvent& event) {
  Validate(event, "");
  LiveState& live = *state_;
  LiveAccounts& accounts = *live.accounts;
  const std::vector<CsvColumnRequest>& columns = accounts.input().columns;
  ApplyResult result;
  result.account_id = event.account_id;
  std::optional<size_t> row = accounts.RowOf(event.account_id);
  switch (event.op) {
    case LiveEvent::Op::kUpdate:
      live.domains->Remove(accounts, *row);
      for (auto it = event.set.begin(); it != event.set.end(); ++it) {
        size_t index = *accounts.ColumnIndex(it.key());
        if (index != accounts.key_index())
          accounts.Set(*row, index, CellFromJson(columns[index], it.value(), it.key()));
      }
      live.domains->Add(accounts, *row);
      break;
    case LiveEvent::Op::kCreate: {
      std::vector<LiveCell> cells;
      for (size_t i = 0; i < columns.size(); ++i) {
        if (i == accounts.key_index())
          cells.push_back(LiveCell{false, 0, event.account_id});
        else if (event.set.contains(columns[i].name))
          cells.push_back(CellFromJson(columns[i], event.set[columns[i].name], columns[i].name));
        else
          cells.push_back(MissingCell(columns[i], columns[i].name));
      }
      accounts.Append(cells);
      live.domains->Add(accounts, accounts.row_count() - 1);
      result.created = true;
      break;
    }
    case LiveEvent::Op::kRemove:
      live.domains->Remove(accounts, *row);
      accounts.Erase(*row);
      result.removed = true;
      break;
  }
  std::unique_ptr<Execution> before = std::move(live.execution);
  live.RunAll();

  // Rows before and after line up but for the one created or removed.
  const Table& old_outputs = before->result.outputs;
  const Table& new_outputs = live.execution->result.outputs;
  auto note_changed = [&](size_t new_row) {
    ++result.accounts_changed;
    if (result.changed_ids.size() < kMaxChangedIds)
      result.changed_ids.emplace_back(accounts.IdAt(new_row));
  };
  for (size_t new_row = 0; new_row < new_outputs.row_count(); ++new_row) {
    size_t old_row = new_row;
    if (result.removed && new_row >= *row) old_row = new_row + 1;
    if (result.created && new_row == new_outputs.row_count() - 1) {
      note_changed(new_row);
      for (size_t c = 0; c < new_outputs.column_count(); ++c)
        result.changed.push_back(new_outputs.name(c));
      continue;
    }
    std::vector<size_t> changed = ChangedColumns(old_outputs, old_row, new_outputs, new_row);
    if (changed.empty()) continue;
    note_changed(new_row);
    if (accounts.IdAt(new_row) == event.account_id)
      for (size_t c : changed) result.changed.push_back(new_outputs.name(c));
  }
  if (result.removed) {
    ++result.accounts_changed;
    result.changed_ids.insert(result.changed_ids.begin(), event.account_id);
    if (result.changed_ids.size() > kMaxChangedIds) result.changed_ids.pop_back();
  }
  return result;
}

}  // namespace acctseg
