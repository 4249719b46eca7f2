// Creates and removes in the incremental path: every per-row vector of the
// execution gains or loses the row, and row numbers after a removed row
// move up one, before Resegment recomputes what the change touches.
#include <algorithm>

#include "live/row_ids.h"
#include "live/universe_state.h"

namespace acctseg {
namespace {

void AppendTo(MutableColumn& mutable_column) {
  Column& column = *mutable_column.column;
  if (column.type.id == TypeId::kString)
    column.codes.push_back(0);
  else
    column.ints.push_back(0);
  // NULL until computed: a slot a step never writes for the row stays so.
  if (column.nulls.empty()) column.nulls.assign(column.size() - 1, false);
  column.nulls.push_back(true);
  if (mutable_column.dictionary && mutable_column.dictionary->size() == 0)
    mutable_column.dictionary->Intern("");
}

void EraseFrom(MutableColumn& mutable_column, size_t row) {
  Column& column = *mutable_column.column;
  if (column.type.id == TypeId::kString)
    column.codes.Erase(row);
  else
    column.ints.Erase(row);
  if (!column.nulls.empty()) column.nulls.Erase(row);
}

template <typename T>
void AppendTo(std::vector<T>& values, T value) {
  if (!values.empty()) values.push_back(value);
}

// Room in the arrays a trace keeps (AppendTo grows only those).
template <typename T>
void ReserveIn(std::vector<T>& values, size_t rows) {
  if (!values.empty()) values.reserve(rows);
}

// Calls fn(array, the value a new row starts with) for each per-row array
// of a step's trace that creates and removes keep in step with the rows.
template <typename Fn>
void ForEachTraceArray(StepTrace& trace, Fn&& fn) {
  fn(trace.rule, int16_t{-1});
  fn(trace.key, int8_t{-1});
  fn(trace.table_row, int32_t{-1});
  fn(trace.rank, int32_t{0});
  fn(trace.group_size, int32_t{0});
}

template <typename T>
void EraseFrom(std::vector<T>& values, size_t row) {
  if (!values.empty()) values.erase(values.begin() + row);
}

}  // namespace

void LiveState::RebuildOutputs() {
  Table outputs(accounts->row_count());
  const std::vector<std::string>& names = execution->result.outputs.names();
  for (size_t c = 0; c < output_columns.size(); ++c) outputs.Add(names[c], output_columns[c]);
  execution->result.outputs = std::move(outputs);
}

void LiveState::ReserveRows(size_t rows) {
  RunState& full = execution->state;
  accounts->Reserve(rows);
  for (MutableColumn& slot : run.slots)
    if (slot.column) ReserveColumnRows(*slot.column, rows, slot.dictionary.get());
  for (MutableColumn& prepared : run.prepared)
    if (prepared.column) ReserveColumnRows(*prepared.column, rows, prepared.dictionary.get());
  for (auto& source : run.prepared_source)
    if (source) source->reserve(rows);
  if (run.hierarchy) {
    run.hierarchy->parent_row.reserve(rows);
    run.hierarchy->global_row.reserve(rows);
  }
  for (StepTrace& trace : full.traces)
    ForEachTraceArray(trace, [&](auto& values, auto) { ReserveIn(values, rows); });
  full.issues.reserve(rows);
  families.Reserve(rows);
  if (issues_text.column)
    ReserveColumnRows(*issues_text.column, rows, issues_text.dictionary.get());
  summary.Reserve(rows);
}

void LiveState::AppendRow() {
  RunState& full = execution->state;
  const int32_t row = static_cast<int32_t>(full.data.row_count);
  ++full.data.row_count;
  for (MutableColumn& slot : run.slots)
    if (slot.column) AppendTo(slot);
  for (MutableColumn& prepared : run.prepared)
    if (prepared.column) AppendTo(prepared);
  for (auto& source : run.prepared_source)
    if (source) source->push_back(-1);
  if (run.hierarchy) {
    run.hierarchy->parent_row.push_back(-1);
    run.hierarchy->global_row.push_back(row);
  }
  for (StepTrace& trace : full.traces)
    ForEachTraceArray(trace, [](auto& values, auto start) { AppendTo(values, start); });
  full.issues.push_back(0);
  if (issues_text.column) AppendTo(issues_text);
  lines->row_lines.push_back(accounts->row_lines().back());
  families.AppendRow();
  RebuildOutputs();
}

void LiveState::EraseRow(int32_t row) {
  RunState& full = execution->state;
  // The removed row's family is the caller's to recompute and index anew.
  families.EraseRow(row, run.hierarchy ? run.hierarchy->global_row[row] : row);
  --full.data.row_count;
  for (MutableColumn& slot : run.slots)
    if (slot.column) EraseFrom(slot, row);
  for (MutableColumn& prepared : run.prepared)
    if (prepared.column) EraseFrom(prepared, row);
  for (auto& source : run.prepared_source) {
    if (!source) continue;
    source->erase(source->begin() + row);
    RenumberAfterErase(*source, row);
  }
  if (run.hierarchy) {
    for (auto* rows : {&run.hierarchy->parent_row, &run.hierarchy->global_row}) {
      rows->erase(rows->begin() + row);
      RenumberAfterErase(*rows, row);
    }
  }
  for (StepTrace& trace : full.traces)
    ForEachTraceArray(trace, [&](auto& values, auto) { EraseFrom(values, row); });
  full.issues.Erase(row);
  if (issues_text.column) EraseFrom(issues_text, row);
  lines->row_lines.erase(row);
  for (auto& tier : tiers)
    if (tier) tier->Remove(row);
  summary.EraseRow(row);
  RebuildOutputs();
}

std::vector<int32_t> LiveState::RowsNaming(std::string_view id) const {
  std::vector<int32_t> rows;
  if (family_parent < 0) return rows;
  const Column& parents = accounts->column(static_cast<size_t>(family_parent));
  auto code = parents.dictionary->Find(id);
  if (!code) return rows;
  for (size_t row = 0; row < parents.codes.size(); ++row)
    if (parents.codes[row] == *code && !parents.IsNull(row))
      rows.push_back(static_cast<int32_t>(row));
  return rows;
}

}  // namespace acctseg
