#include "live/universe_subset.h"

#include <algorithm>

namespace acctseg {

MutableColumn MutableColumn::CopyOf(const Column& column) {
  MutableColumn copy;
  copy.column = MutableCopy(column, &copy.dictionary);
  return copy;
}

namespace {

// Whether the string column's row holds a value other than (`null`,
// `code`) of its own dictionary. Codes compare first; only codes that
// differ compare their texts (a dictionary may hold a text twice), and a
// code beyond the dictionary (a row being filled) counts as a change.
bool TextChanged(const Column& column, const Dictionary& dictionary, size_t row, bool null,
                 uint32_t code) {
  const bool was_null = column.IsNull(row);
  if (was_null || null) return was_null != null;
  const uint32_t held = column.codes[row];
  if (held == code) return false;
  return held >= dictionary.size() || dictionary.Get(held) != dictionary.Get(code);
}

}  // namespace

bool MutableColumn::Write(size_t row, const Column& from, size_t from_row) {
  Column& to = *column;
  const bool null = from.IsNull(from_row);
  if (to.type.id == TypeId::kString) {
    if (null) return WriteText(row, std::nullopt);
    if (memo_from != from.dictionary) {
      memo_from = from.dictionary;
      memo_codes.clear();
    }
    const uint32_t code = from.codes[from_row];
    if (code >= memo_codes.size()) memo_codes.resize(code + 1, kNotInterned);
    if (memo_codes[code] == kNotInterned) {
      // A row that holds the text already (an output its re-run left as it
      // was: an id, a segment) gives its code without hashing the text. (A
      // column being filled may hold codes its dictionary has not yet.)
      const std::string_view text = from.StringAt(from_row);
      const uint32_t held = to.codes[row];
      memo_codes[code] =
          !to.IsNull(row) && held < dictionary->size() && dictionary->Get(held) == text
              ? held
              : dictionary->Intern(text);
    }
    const bool changed = TextChanged(to, *dictionary, row, false, memo_codes[code]);
    if (!to.nulls.empty()) to.nulls.Set(row, false);
    to.codes.Set(row, memo_codes[code]);
    return changed;
  }
  const int64_t value = null ? 0 : from.ints[from_row];
  const bool was_null = to.IsNull(row);
  const bool changed = was_null != null || (!null && to.ints[row] != value);
  if (null && to.nulls.empty()) to.nulls.assign(to.size(), false);
  if (!to.nulls.empty()) to.nulls.Set(row, null);
  to.ints.Set(row, value);
  return changed;
}

bool MutableColumn::WriteText(size_t row, std::optional<std::string_view> text) {
  Column& to = *column;
  const uint32_t code = text ? dictionary->Intern(*text) : 0;
  const bool changed = TextChanged(to, *dictionary, row, !text, code);
  if (!text && to.nulls.empty()) to.nulls.assign(to.size(), false);
  if (!to.nulls.empty()) to.nulls.Set(row, !text);
  to.codes.Set(row, code);
  if (dictionary->size() == 0) dictionary->Intern("");
  return changed;
}

namespace {

// The rows of `column`, with a dictionary of their own values (steps may
// size work by the dictionary, or take one entry per row for a unique key),
// or, when `shared`, with `column`'s dictionary (dictionaries only grow).
std::shared_ptr<const Column> Slice(const Column& column, const std::vector<int32_t>& rows,
                                    bool shared = false) {
  auto slice = std::make_shared<Column>(Column::Make(column.type, rows.size(), column.HasNulls()));
  if (shared && column.type.id == TypeId::kString) {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i + kPrefetchAhead < rows.size()) column.Prefetch(rows[i + kPrefetchAhead]);
      if (column.HasNulls()) slice->nulls.Set(i, column.nulls[rows[i]]);
      slice->codes.Set(i, column.codes[rows[i]]);
    }
    slice->dictionary = column.dictionary;
    return slice;
  }
  std::shared_ptr<Dictionary> dictionary;
  if (column.type.id == TypeId::kString) {
    dictionary = std::make_shared<Dictionary>();
    // Ids, names: a value per row, interned without rehashing as it fills.
    if (column.dictionary->size() >= rows.size()) dictionary->Reserve(rows.size());
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + kPrefetchAhead < rows.size()) column.Prefetch(rows[i + kPrefetchAhead]);
    if (column.HasNulls()) slice->nulls.Set(i, column.nulls[rows[i]]);
    if (dictionary)
      slice->codes.Set(i, dictionary->Intern(column.StringAt(rows[i])));
    else
      slice->ints.Set(i, column.ints[rows[i]]);
  }
  if (dictionary) {
    if (dictionary->size() == 0) dictionary->Intern("");
    slice->dictionary = dictionary;
  }
  return slice;
}

}  // namespace

RowValues::RowValues(const Table& table, const std::vector<int32_t>& rows)
    : columns_(table.column_count()),
      values_(rows.size() * columns_),
      nulls_(rows.size() * columns_),
      dictionaries_(columns_) {
  for (size_t c = 0; c < columns_; ++c) {
    const Column& column = table.column(c);
    const bool text = column.type.id == TypeId::kString;
    if (text) dictionaries_[c] = column.dictionary;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i + kPrefetchAhead < rows.size()) column.Prefetch(rows[i + kPrefetchAhead]);
      const size_t at = i * columns_ + c;
      nulls_[at] = column.IsNull(rows[i]);
      values_[at] = text ? column.codes[rows[i]] : column.ints[rows[i]];
    }
  }
}

bool RowValues::Same(size_t c, size_t i, const Column& after, size_t row) const {
  const size_t at = i * columns_ + c;
  if (nulls_[at] || after.IsNull(row)) return nulls_[at] == after.IsNull(row);
  const Dictionary* dictionary = dictionaries_[c].get();
  if (!dictionary) return values_[at] == after.ints[row];
  const uint32_t code = static_cast<uint32_t>(values_[at]);
  if (dictionary == after.dictionary.get() && code == after.codes[row]) return true;
  return dictionary->Get(code) == after.StringAt(row);
}

RunState SubsetState(const LiveAccounts& accounts, const std::vector<int32_t>& rows,
                     const RunState& full, RowLines& row_lines, bool all_inputs) {
  RunState state;
  state.input_name = full.input_name;
  state.input_path = full.input_path;
  state.key_column = full.key_column;
  state.key_slot = full.key_slot;
  state.full_trace = full.full_trace;
  row_lines = RowLines();
  for (int32_t row : rows) {
    row_lines.push_back(accounts.row_lines()[row]);
    state.issues.push_back(accounts.read_issues()[row]);
  }
  state.row_lines = &row_lines;
  state.data.row_count = rows.size();
  state.data.threads = 1;
  state.data.node_count = full.data.node_count;
  state.data.slots.resize(full.data.slots.size());
  state.data.prepared.resize(full.data.prepared.size());
  state.data.prepared_source.resize(full.data.prepared_source.size());
  // A row-local re-run keeps the family step (nothing that step reads
  // changed), so its key is read as text only (messages, a tier's order),
  // and shares the accounts' dictionary: interning each row's id into a
  // dictionary of its own was a tenth of a family's move to another segment.
  for (size_t i = 0; i < accounts.input().columns.size(); ++i)
    if (all_inputs)
      state.data.slots[i] = Slice(accounts.column(i), rows);
    else if (static_cast<int>(i) == full.key_slot)
      state.data.slots[i] = Slice(accounts.column(i), rows, /*shared=*/true);
  state.traces.resize(full.traces.size());
  return state;
}

bool SameValue(const Column& a, size_t row_a, const Column& b, size_t row_b) {
  if (a.IsNull(row_a) || b.IsNull(row_b)) return a.IsNull(row_a) == b.IsNull(row_b);
  if (a.type.id == TypeId::kString) {
    // One dictionary (a table of rows sliced from the other, RowsOf): the
    // same code is the same text, without reading either.
    if (a.dictionary == b.dictionary && a.codes[row_a] == b.codes[row_b]) return true;
    return a.StringAt(row_a) == b.StringAt(row_b);
  }
  return a.ints[row_a] == b.ints[row_b];
}

bool AnyRowDiffers(const Column& subset, const Column& full, const std::vector<int32_t>& rows) {
  const bool text = subset.type.id == TypeId::kString;
  if (!text || subset.dictionary == full.dictionary) {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i + kPrefetchAhead < rows.size()) full.Prefetch(rows[i + kPrefetchAhead]);
      if (!SameValue(subset, i, full, rows[i])) return true;
    }
    return false;
  }
  // Per code of the subset's dictionary: its code in the full column's,
  // kAbsent where that has no such text, kUnknown until looked up.
  constexpr uint32_t kUnknown = UINT32_MAX, kAbsent = UINT32_MAX - 1;
  std::vector<uint32_t> full_code(subset.dictionary->size(), kUnknown);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + kPrefetchAhead < rows.size()) full.Prefetch(rows[i + kPrefetchAhead]);
    const bool null = subset.IsNull(i);
    if (null || full.IsNull(rows[i])) {
      if (null != full.IsNull(rows[i])) return true;
      continue;
    }
    uint32_t& code = full_code[subset.codes[i]];
    if (code == kUnknown) code = full.dictionary->Find(subset.StringAt(i)).value_or(kAbsent);
    if (code != full.codes[rows[i]]) return true;
  }
  return false;
}

std::shared_ptr<const Column> SliceRows(const Column& column, const std::vector<int32_t>& rows) {
  // A dictionary no bigger than the rows (industries, countries, segments)
  // is shared: interning every row's text anew cost more than the step
  // that reads it. A large one (ids, names) would size work by itself.
  constexpr size_t kSharedDictionary = 64;
  const bool shared = column.type.id == TypeId::kString &&
                      column.dictionary->size() <= std::max(rows.size(), kSharedDictionary);
  return Slice(column, rows, shared);
}

MutableRun AdoptRun(RunState& full, size_t input_slots) {
  MutableRun run;
  run.slots.resize(full.data.slots.size());
  for (size_t s = input_slots; s < full.data.slots.size(); ++s) {
    if (!full.data.slots[s]) continue;
    run.slots[s] = MutableColumn::CopyOf(*full.data.slots[s]);
    full.data.slots[s] = run.slots[s].column;
  }
  run.prepared.resize(full.data.prepared.size());
  run.prepared_source.resize(full.data.prepared_source.size());
  for (size_t node = 0; node < full.data.prepared.size(); ++node) {
    if (full.data.prepared[node]) {
      run.prepared[node] = MutableColumn::CopyOf(*full.data.prepared[node]);
      full.data.prepared[node] = run.prepared[node].column;
    }
    if (full.data.prepared_source[node]) {
      run.prepared_source[node] =
          std::make_shared<std::vector<int32_t>>(*full.data.prepared_source[node]);
      full.data.prepared_source[node] = run.prepared_source[node];
    }
  }
  if (full.data.hierarchy) {
    run.hierarchy = std::make_shared<Hierarchy>(*full.data.hierarchy);
    full.data.hierarchy = run.hierarchy;
  }
  return run;
}

namespace {

void CopyRow(const RowIssues& from, size_t i, int32_t row, RowIssues& to) {
  if (from.empty() || to.empty()) return;
  to.Set(row, from[i]);
}

int32_t FullRow(int32_t subset_row, const std::vector<int32_t>& rows) {
  return subset_row < 0 ? subset_row : rows[subset_row];
}

}  // namespace

bool WriteBackRow(const RunState& subset, const std::vector<int32_t>& rows, size_t i,
                  size_t input_slots, MutableRun& run, RunState& full) {
  const int32_t row = rows[i];
  bool changed = false;
  for (size_t s = input_slots; s < run.slots.size(); ++s)
    if (run.slots[s].column && subset.data.slots[s])
      changed |= run.slots[s].Write(row, *subset.data.slots[s], i);
  // Prepared columns are per row or per family top (the global row): both
  // are indexed by the subset's rows.
  for (size_t node = 0; node < run.prepared.size(); ++node) {
    const auto& from = subset.data.prepared[node];
    if (run.prepared[node].column && from && from->size() == rows.size())
      run.prepared[node].Write(row, *from, i);
    const auto& source = subset.data.prepared_source[node];
    if (run.prepared_source[node] && source)
      (*run.prepared_source[node])[row] = FullRow((*source)[i], rows);
  }
  if (run.hierarchy && subset.data.hierarchy) {
    run.hierarchy->parent_row[row] = FullRow(subset.data.hierarchy->parent_row[i], rows);
    run.hierarchy->global_row[row] = FullRow(subset.data.hierarchy->global_row[i], rows);
  }
  for (size_t s = 0; s < full.traces.size(); ++s)
    ForEachRowTrace(subset.traces[s], full.traces[s],
                    [&](const auto& from, auto& to) { to[row] = from[i]; });
  CopyRow(subset.issues, i, row, full.issues);
  return changed;
}

void WriteBack(const RunState& subset, const std::vector<int32_t>& rows, size_t input_slots,
               MutableRun& run, RunState& full, std::vector<bool>* slots_changed) {
  if (slots_changed) slots_changed->assign(rows.size(), false);
  // The slots written, asked for some rows ahead (the traces and issues
  // are a few arrays more, left to the misses).
  std::vector<const Column*> written;
  for (size_t s = input_slots; s < run.slots.size(); ++s)
    if (run.slots[s].column && subset.data.slots[s]) written.push_back(run.slots[s].column.get());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + kPrefetchAhead < rows.size())
      for (const Column* column : written) column->Prefetch(rows[i + kPrefetchAhead]);
    const bool changed = WriteBackRow(subset, rows, i, input_slots, run, full);
    if (slots_changed) (*slots_changed)[i] = changed;
  }
}

}  // namespace acctseg
