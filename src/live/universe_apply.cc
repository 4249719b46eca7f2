// LiveUniverse::Apply: changes the accounts, re-segments (incrementally for
// updates, by a full re-run otherwise), and reports what changed.
#include "common/error.h"
#include "live/universe.h"
#include "live/universe_state.h"

namespace acctseg {

namespace {

// NoteChanges with `same(c)`: whether column c held what it holds now.
// Only the event's own account reports its columns by name: a full re-run
// is a million rows, and each needs only its first difference to count as
// changed.
template <typename SameAt>
void NoteChangedColumns(SameAt same, const Table& after, size_t row, bool own,
                        const LiveAccounts& accounts, ApplyResult& result) {
  const size_t columns = after.column_count();
  size_t c = 0;
  while (c < columns && same(c)) ++c;
  if (c == columns) return;
  NoteChangedAccount(row, accounts, result);
  if (!own) return;
  std::vector<std::string> changed;
  for (; c < columns; ++c)
    if (!same(c)) changed.push_back(after.name(c));
  result.changed = std::move(changed);
}

}  // namespace

void NoteChangedAccount(size_t row, const LiveAccounts& accounts, ApplyResult& result) {
  ++result.accounts_changed;
  if (result.changed_ids.size() < kMaxChangedIds)
    result.changed_ids.emplace_back(accounts.IdAt(row));
}

void NoteChanges(const Table& before, size_t row_before, const Table& after, size_t row, bool own,
                 const LiveAccounts& accounts, ApplyResult& result) {
  NoteChangedColumns(
      [&](size_t c) { return SameValue(before.column(c), row_before, after.column(c), row); },
      after, row, own, accounts, result);
}

void NoteChanges(const RowValues& before, size_t row_before, const Table& after, size_t row,
                 bool own, const LiveAccounts& accounts, ApplyResult& result) {
  NoteChangedColumns([&](size_t c) { return before.Same(c, row_before, after.column(c), row); },
                     after, row, own, accounts, result);
}

UpdateCells CellsOfUpdate(const LiveAccounts& accounts, const LiveEvent& event, size_t row,
                          int family_parent) {
  const std::vector<CsvColumnRequest>& columns = accounts.input().columns;
  UpdateCells update;
  for (auto it = event.set.begin(); it != event.set.end(); ++it) {
    size_t index = *accounts.ColumnIndex(it.key());
    if (index == accounts.key_index()) continue;
    update.cells.emplace_back(
        index, CellFromJson(columns[index], it.value(), it.key(), event.NumberText(it.key())));
    const Column& column = accounts.column(index);
    update.undo.emplace_back(
        index,
        LiveCell{column.IsNull(row), column.type.id == TypeId::kString ? 0 : column.ints[row],
                 column.type.id == TypeId::kString && !column.IsNull(row)
                     ? std::string(column.StringAt(row))
                     : ""});
    update.parent_changes |= static_cast<int>(index) == family_parent;
  }
  return update;
}

void LiveState::SetCells(size_t row, const std::vector<std::pair<size_t, LiveCell>>& cells) {
  domains->Remove(*accounts, row);
  for (const auto& [index, cell] : cells) accounts->Set(row, index, cell);
  domains->Add(*accounts, row);
}

ApplyResult LiveUniverse::Apply(const LiveEvent& event) {
  Validate(event, "");
  LiveState& live = *state_;
  LiveAccounts& accounts = *live.accounts;
  const std::vector<CsvColumnRequest>& columns = accounts.input().columns;
  ApplyResult result;
  result.account_id = event.account_id;
  std::optional<size_t> row = accounts.RowOf(event.account_id);

  if (event.op == LiveEvent::Op::kUpdate) {
    UpdateCells update = CellsOfUpdate(accounts, event, *row, live.family_parent);
    const std::vector<std::pair<size_t, LiveCell>>& cells = update.cells;
    const bool parent_changes = update.parent_changes;
    const bool incremental = live.incremental && (!parent_changes || live.family_by_key);
    // The rows whose family changes: the account's, and the one it joins
    // (only needed when the row alone will not do: families run to thousands).
    auto family_rows = [&] {
      std::vector<int32_t> rows = live.FamilyOf(static_cast<int32_t>(*row));
      for (const auto& [index, cell] : cells)
        if (static_cast<int>(index) == live.family_parent && !cell.null)
          if (auto parent = accounts.RowOf(cell.text)) {
            std::vector<int32_t> joined = live.FamilyOf(static_cast<int32_t>(*parent));
            rows.insert(rows.end(), joined.begin(), joined.end());
          }
      return rows;
    };
    // Without a parent change, first the account's row alone (universe_reruns.h).
    std::vector<int> changed_inputs;
    if (incremental && live.row_local && !parent_changes)
      for (const auto& [index, cell] : cells) changed_inputs.push_back(static_cast<int>(index));
    // A full re-run compares every row: the outputs before, copied (the
    // accounts' own columns, among them, change in place).
    const Table before_all = incremental ? Table() : Outputs();
    const RowValues own_before(live.execution->result.outputs, {static_cast<int32_t>(*row)});
    const bool changed_before = accounts.ChangedByEvents(*row);
    live.SetCells(*row, cells);
    accounts.SetChangedByEvents(*row, true);
    try {
      if (incremental) {
        std::vector<bool> outputs_changed;
        std::optional<std::vector<int32_t>> done;
        const std::vector<int32_t> own = {static_cast<int32_t>(*row)};
        if (!changed_inputs.empty()) {
          done = live.Resegment(own, &outputs_changed, &changed_inputs);
          // The family's view changes (its FAMILY_MAX moved): the family,
          // but still only the steps that read what changed.
          if (!done)
            done = live.Resegment(live.FamilyOf(own[0]), &outputs_changed, &changed_inputs, &own);
        }
        std::vector<int32_t> rows =
            done ? std::move(*done) : *live.Resegment(family_rows(), &outputs_changed);
        result.incremental = true;
        result.rows_recomputed = rows.size();
        const Table& after = live.execution->result.outputs;
        for (size_t i = 0; i < rows.size(); ++i) {
          if (rows[i] == static_cast<int32_t>(*row))
            NoteChanges(own_before, 0, after, rows[i], true, accounts, result);
          else if (outputs_changed[i])
            NoteChangedAccount(rows[i], accounts, result);
        }
        return result;
      }
      live.RunAll();
      const Table& after = live.execution->result.outputs;
      result.rows_recomputed = after.row_count();
      for (size_t r = 0; r < after.row_count(); ++r)
        NoteChanges(before_all, r, after, r, r == *row, accounts, result);
      return result;
    } catch (const Error&) {
      // A value the plan cannot take (an overflow): the event changes nothing.
      live.SetCells(*row, update.undo);
      accounts.SetChangedByEvents(*row, changed_before);
      live.RunAll();
      throw;
    }
  }

  const bool incremental = live.incremental && (live.family_parent < 0 || live.family_by_key);
  const Table before = incremental ? Table() : Outputs();
  std::vector<int32_t> rows;  // what the change touches (incremental)
  if (event.op == LiveEvent::Op::kCreate) {
    std::vector<LiveCell> cells;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i == accounts.key_index())
        cells.push_back(LiveCell{false, 0, event.account_id});
      else if (event.set.contains(columns[i].name))
        cells.push_back(CellFromJson(columns[i], event.set[columns[i].name], columns[i].name,
                                     event.NumberText(columns[i].name)));
      else
        cells.push_back(MissingCell(columns[i], columns[i].name));
    }
    accounts.Append(cells);
    live.domains->Add(accounts, accounts.row_count() - 1);
    result.created = true;
    if (incremental) {
      // The new account, the family it joins, and the accounts that named it as parent.
      const int32_t created = static_cast<int32_t>(accounts.row_count() - 1);
      rows = live.RowsNaming(event.account_id);
      if (live.family_parent >= 0 && !cells[live.family_parent].null)
        if (auto parent = accounts.RowOf(cells[live.family_parent].text);
            parent && *parent != static_cast<size_t>(created))
          rows.push_back(static_cast<int32_t>(*parent));
      std::vector<int32_t> families = {created};
      for (int32_t row : rows)
        if (row != created) {
          std::vector<int32_t> family = live.FamilyOf(row);
          families.insert(families.end(), family.begin(), family.end());
        }
      live.AppendRow();
      rows = std::move(families);
    }
  } else {
    if (incremental) {
      for (int32_t member : live.FamilyOf(static_cast<int32_t>(*row)))
        if (member != static_cast<int32_t>(*row))
          rows.push_back(member < static_cast<int32_t>(*row) ? member : member - 1);
    }
    live.domains->Remove(accounts, *row);
    accounts.Erase(*row);
    if (incremental) live.EraseRow(static_cast<int32_t>(*row));
    result.removed = true;
  }
  if (incremental) {
    std::vector<bool> outputs_changed;
    rows = *live.Resegment(std::move(rows), &outputs_changed);
    result.incremental = true;
    result.rows_recomputed = rows.size();
    const size_t row_count = live.execution->result.outputs.row_count();
    // The event's own account, created or removed, is noted below; the
    // others' inputs did not change.
    for (size_t i = 0; i < rows.size(); ++i)
      if (outputs_changed[i] && !(result.created && static_cast<size_t>(rows[i]) + 1 == row_count))
        NoteChangedAccount(rows[i], accounts, result);
  } else {
    // Without the incremental path, a full re-run, and every row compared.
    live.RunAll();
    const Table& after = live.execution->result.outputs;
    result.rows_recomputed = after.row_count();
    for (size_t new_row = 0; new_row < after.row_count(); ++new_row) {
      if (result.created && new_row + 1 == after.row_count()) continue;
      const size_t old_row = result.removed && new_row >= *row ? new_row + 1 : new_row;
      NoteChanges(before, old_row, after, new_row, false, accounts, result);
    }
  }
  // The account created or removed is one that changed.
  ++result.accounts_changed;
  result.changed_ids.insert(result.changed_ids.begin(), event.account_id);
  if (result.changed_ids.size() > kMaxChangedIds) result.changed_ids.pop_back();
  if (result.created) result.changed = live.execution->result.outputs.names();
  return result;
}

}  // namespace acctseg
