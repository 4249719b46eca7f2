// ComputeDiff: joins two result tables on a string key and counts what moved.
//
// Definitions (also stated in the JSON output, see render_json.cc):
// - Matched accounts are keys present on both sides. Migration matrices and
//   the moved list cover matched accounts only; keys on one side only are
//   counted in only_before / only_after.
// - A cell's measure sums add, for each account in the cell, the measure's
//   value on the "after" side, or the "before" value where "after" is NULL;
//   an account NULL on both sides adds nothing. "After" is what the caller is
//   about to commit, so a cell says how much ARR (as now computed) sits in
//   accounts that went from -> to.
// - Totals are per side over all of that side's rows (one-sided keys
//   included), each side with its own measure values.
// - A measure is reported at the larger of its two sides' scales.
// - A NULL dimension value is the value "(none)" (kNoneValue); a text
//   "(none)" is another value, named "\"(none)\"" (DimensionValueName).
//
// Cost: one pass over each side, no per-row allocation except for listed
// moved accounts; keys join through side A's dictionary, which already is a
// hash table of its distinct keys.
#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "common/error.h"
#include "common/parallel.h"
#include "diff/diff.h"
#include "diff/render_internal.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();

struct Side {
  const Table& table;
  const char* name;  // "before" or "after"
};

[[noreturn]] void InputError(const Side& side, const std::string& message) {
  throw Error(ErrorKind::kInput, std::string("diff: ") + side.name + " side: " + message);
}

const Column& RequireColumn(const Side& side, const std::string& name, const char* role) {
  const Column* found = side.table.Find(name);
  if (found == nullptr) InputError(side, "no column \"" + name + "\" (the " + role + ")");
  if (found->type.id == TypeId::kString && found->dictionary == nullptr)
    InputError(side, "column \"" + name + "\" has no dictionary");
  return *found;
}

const Column& RequireString(const Side& side, const std::string& name, const char* role) {
  const Column& column = RequireColumn(side, name, role);
  if (column.type.id != TypeId::kString)
    InputError(side, "column \"" + name + "\" is " + column.type.ToString() + ", but the " + role +
                         " must be a string column");
  return column;
}

// Maps each row of a dimension column to an index into the sorted list of
// values seen on both sides. Slot dictionary->size() stands for NULL.
struct DimensionSide {
  const Column* column;
  std::vector<uint32_t> value_of_code;

  uint32_t ValueAt(size_t row) const {
    return value_of_code[column->IsNull(row) ? value_of_code.size() - 1 : column->codes[row]];
  }
};

// Marks the codes a column uses; the last slot is NULL.
std::vector<uint8_t> UsedCodes(const Column& column) {
  std::vector<uint8_t> used(column.dictionary->size() + 1, 0);
  for (size_t row = 0; row < column.codes.size(); ++row)
    used[column.IsNull(row) ? used.size() - 1 : column.codes[row]] = 1;
  return used;
}

// A code's name among the values (the last code is NULL).
std::string ValueName(const Column& column, size_t code, size_t codes) {
  return code + 1 == codes ? std::string(kNoneValue)
                           : DimensionValueName(column.dictionary->Get(code));
}

std::vector<uint32_t> MapCodes(const Column& column, const std::vector<uint8_t>& used,
                               const std::vector<std::string>& values) {
  std::vector<uint32_t> map(used.size(), 0);
  for (size_t code = 0; code < used.size(); ++code) {
    if (!used[code]) continue;
    const std::string name = ValueName(column, code, used.size());
    map[code] = static_cast<uint32_t>(std::lower_bound(values.begin(), values.end(), name) -
                                      values.begin());
  }
  return map;
}

struct MeasureSide {
  const Column* column;
  int64_t factor;  // to the report's scale
  std::string_view name;

  // False when NULL.
  bool ValueAt(size_t row, int64_t* value) const {
    if (column->IsNull(row)) return false;
    if (__builtin_mul_overflow(column->ints[row], factor, value))
      throw Error(ErrorKind::kInput,
                  "diff: measure \"" + std::string(name) + "\" overflows int64 when rescaled");
    return true;
  }
};

void AddChecked(int64_t* sum, int64_t value, std::string_view measure) {
  if (__builtin_add_overflow(*sum, value, sum))
    throw Error(ErrorKind::kInput,
                "diff: the sum of measure \"" + std::string(measure) + "\" overflows int64");
}

// Cells of one matrix: dense when the matrix is small, hashed otherwise.
class CellIndex {
 public:
  explicit CellIndex(size_t value_count) : value_count_(value_count) {
    if (value_count * value_count <= (size_t{1} << 20))
      dense_.assign(value_count * value_count, kNoRow);
  }
  // Slot of (from, to), created on first use; `created` tells.
  uint32_t Slot(uint32_t from, uint32_t to, bool* created) {
    uint64_t key = uint64_t{from} * value_count_ + to;
    uint32_t* slot;
    if (!dense_.empty()) {
      slot = &dense_[key];
    } else {
      auto [it, inserted] = sparse_.try_emplace(key, kNoRow);
      slot = &it->second;
    }
    *created = *slot == kNoRow;
    if (*created) *slot = next_++;
    return *slot;
  }

 private:
  size_t value_count_;
  std::vector<uint32_t> dense_;
  std::unordered_map<uint64_t, uint32_t> sparse_;
  uint32_t next_ = 0;
};

struct DimensionState {
  std::vector<std::string> values;
  DimensionSide before, after;
  CellIndex cells;
  std::vector<MigrationCell> cell_list;
  uint64_t moved = 0;
};

// Per side and value: row count and measure sums.
void AddTotals(const Side& side, const DimensionSide& dimension,
               const std::vector<MeasureSide>& measures, std::vector<uint64_t>* counts,
               std::vector<int64_t>* sums) {
  size_t measure_count = measures.size();
  for (size_t row = 0; row < side.table.row_count(); ++row) {
    uint32_t value = dimension.ValueAt(row);
    ++(*counts)[value];
    for (size_t m = 0; m < measure_count; ++m) {
      int64_t amount;
      if (measures[m].ValueAt(row, &amount))
        AddChecked(&(*sums)[value * measure_count + m], amount, measures[m].name);
    }
  }
}

// Side "before": code of each key -> row. Throws on NULL or duplicate keys.
std::vector<uint32_t> RowsByKeyCode(const Side& side, const Column& key) {
  std::vector<uint32_t> row_of_code(key.dictionary->size(), kNoRow);
  for (size_t row = 0; row < side.table.row_count(); ++row) {
    if (key.IsNull(row)) InputError(side, "key is NULL in row " + std::to_string(row + 1));
    uint32_t& slot = row_of_code[key.codes[row]];
    if (slot != kNoRow)
      InputError(side, "key \"" + std::string(key.StringAt(row)) + "\" appears twice");
    slot = static_cast<uint32_t>(row);
  }
  return row_of_code;
}

// Side "after": code of each key -> row of "before" holding the same key, or
// kNoRow. Runs over after's dictionary in parallel (it is immutable, as is
// before's). Reruns over the same input list keys in the same order, give or
// take inserted or dropped accounts, so the code at the last match's offset is
// tried first: a sequential string compare instead of a hash probe that
// misses the cache.
std::vector<uint32_t> ResolveKeys(const Column& key_before, const Column& key_after,
                                  const std::vector<uint32_t>& row_of_code_before) {
  const Dictionary& before = *key_before.dictionary;
  const Dictionary& after = *key_after.dictionary;
  std::vector<uint32_t> before_row(after.size(), kNoRow);
  if (&before == &after) {
    for (size_t code = 0; code < after.size(); ++code) before_row[code] = row_of_code_before[code];
    return before_row;
  }
  constexpr size_t kMorsel = 1 << 14;
  ParallelRanges(after.size(), HardwareThreads(), kMorsel, [&](size_t begin, size_t end) {
    int64_t shift = 0;  // before code - after code of the last key found
    int misses = 0;     // guesses that failed in a row; unordered keys stop guessing
    for (size_t code = begin; code < end; ++code) {
      std::string_view text = after.Get(static_cast<uint32_t>(code));
      int64_t guess = static_cast<int64_t>(code) + shift;
      bool try_guess = misses < 4 || code % 64 == 0;
      std::optional<uint32_t> found;
      if (try_guess && guess >= 0 && guess < static_cast<int64_t>(before.size()) &&
          before.Get(static_cast<uint32_t>(guess)) == text) {
        found = static_cast<uint32_t>(guess);
        misses = 0;
      } else {
        misses += try_guess;
        found = before.Find(text);
      }
      if (!found) continue;
      before_row[code] = row_of_code_before[*found];
      shift = static_cast<int64_t>(*found) - static_cast<int64_t>(code);
    }
  });
  return before_row;
}

}  // namespace

DiffReport ComputeDiff(const Table& before_table, const Table& after_table,
                       const DiffOptions& options) {
  Side before{before_table, "before"};
  Side after{after_table, "after"};
  for (const Side* side : {&before, &after})
    if (side->table.row_count() >= kNoRow) InputError(*side, "too many rows");

  // Accounts are matched between the sides by the key; a policy whose
  // input declares none has nothing to match them by.
  if (options.key.empty())
    throw Error(ErrorKind::kInput,
                "diff: the policy's input declares no key, so accounts cannot be matched between "
                "the two sides: give the input a `key:` (a column unique to each account)");
  DiffReport report;
  report.key = options.key;
  report.rows_before = before_table.row_count();
  report.rows_after = after_table.row_count();

  const Column& key_before = RequireString(before, options.key, "key");
  const Column& key_after = RequireString(after, options.key, "key");

  std::vector<DimensionState> dimensions;
  dimensions.reserve(options.dimensions.size());
  for (const std::string& name : options.dimensions) {
    const Column& column_before = RequireString(before, name, "dimension");
    const Column& column_after = RequireString(after, name, "dimension");
    std::vector<uint8_t> used_before = UsedCodes(column_before);
    std::vector<uint8_t> used_after = UsedCodes(column_after);
    std::vector<std::string> values;
    for (const auto* pair : {&used_before, &used_after}) {
      const Column& column = pair == &used_before ? column_before : column_after;
      for (size_t code = 0; code < pair->size(); ++code)
        if ((*pair)[code]) values.push_back(ValueName(column, code, pair->size()));
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    DimensionSide side_before{&column_before, MapCodes(column_before, used_before, values)};
    DimensionSide side_after{&column_after, MapCodes(column_after, used_after, values)};
    size_t value_count = values.size();
    dimensions.push_back(DimensionState{std::move(values),
                                        std::move(side_before),
                                        std::move(side_after),
                                        CellIndex(value_count),
                                        {},
                                        0});
  }

  std::vector<MeasureSide> measures_before, measures_after;
  for (const std::string& name : options.measures) {
    const Column& column_before = RequireColumn(before, name, "measure");
    const Column& column_after = RequireColumn(after, name, "measure");
    for (auto [side, column] : {std::pair{&before, &column_before}, {&after, &column_after}})
      if (!column->type.IsNumeric())
        InputError(*side, "column \"" + name + "\" is " + column->type.ToString() +
                              ", but a measure must be an integer or decimal column");
    int scale = std::max(column_before.type.Scale(), column_after.type.Scale());
    report.measures.push_back(MeasureInfo{name, scale});
    measures_before.push_back(
        MeasureSide{&column_before, Pow10(scale - column_before.type.Scale()), name});
    measures_after.push_back(
        MeasureSide{&column_after, Pow10(scale - column_after.type.Scale()), name});
  }
  size_t measure_count = report.measures.size();

  // Join: every code of after's key dictionary resolves to a row of before.
  std::vector<uint32_t> row_of_code_before = RowsByKeyCode(before, key_before);
  std::vector<uint32_t> before_row_of_code_after =
      ResolveKeys(key_before, key_after, row_of_code_before);
  std::vector<uint8_t> key_seen_after(key_after.dictionary->size(), 0);
  // Before's rows are visited in after's order, i.e. at random: gather each
  // row's values from one packed array rather than one column per dimension.
  size_t dimension_count = dimensions.size();
  std::vector<uint32_t> values_before(before_table.row_count() * dimension_count);
  for (size_t d = 0; d < dimension_count; ++d)
    for (size_t row = 0; row < before_table.row_count(); ++row)
      values_before[row * dimension_count + d] = dimensions[d].before.ValueAt(row);
  uint64_t matched = 0;
  std::vector<int64_t> account_measures(measure_count);
  std::vector<uint8_t> account_has_measure(measure_count);

  for (size_t row = 0; row < after_table.row_count(); ++row) {
    if (key_after.IsNull(row)) InputError(after, "key is NULL in row " + std::to_string(row + 1));
    uint32_t code = key_after.codes[row];
    if (key_seen_after[code]++)
      InputError(after, "key \"" + std::string(key_after.StringAt(row)) + "\" appears twice");
    uint32_t before_row = before_row_of_code_after[code];
    if (before_row == kNoRow) {
      ++report.only_after;
      continue;
    }
    ++matched;

    for (size_t m = 0; m < measure_count; ++m) {
      account_has_measure[m] = measures_after[m].ValueAt(row, &account_measures[m]) ||
                               measures_before[m].ValueAt(before_row, &account_measures[m]);
    }
    bool changed = false;
    // data() + offset, not &v[i]: with no dimensions (a stored summary that
    // lists none) the vector is empty and indexing it is undefined.
    const uint32_t* from_values = values_before.data() + size_t{before_row} * dimension_count;
    for (size_t d = 0; d < dimension_count; ++d) {
      DimensionState& dimension = dimensions[d];
      uint32_t from = from_values[d];
      uint32_t to = dimension.after.ValueAt(row);
      bool created;
      uint32_t slot = dimension.cells.Slot(from, to, &created);
      if (created) {
        dimension.cell_list.push_back(MigrationCell{dimension.values[from], dimension.values[to], 0,
                                                    std::vector<int64_t>(measure_count, 0)});
      }
      MigrationCell& cell = dimension.cell_list[slot];
      ++cell.count;
      for (size_t m = 0; m < measure_count; ++m)
        if (account_has_measure[m])
          AddChecked(&cell.measure_sums[m], account_measures[m], report.measures[m].name);
      if (from != to) {
        ++dimension.moved;
        changed = true;
      }
    }
    if (!changed) continue;
    ++report.changed;
    if (report.moved.size() >= options.max_listed) continue;
    MovedAccount& account = report.moved.emplace_back();
    account.key = std::string(key_after.StringAt(row));
    for (size_t d = 0; d < dimensions.size(); ++d) {
      uint32_t from = from_values[d];
      uint32_t to = dimensions[d].after.ValueAt(row);
      if (from != to)
        account.changes.emplace_back(options.dimensions[d], dimensions[d].values[from],
                                     dimensions[d].values[to]);
    }
  }
  report.only_before = report.rows_before - matched;

  for (size_t d = 0; d < dimensions.size(); ++d) {
    DimensionState& dimension = dimensions[d];
    size_t value_count = dimension.values.size();
    std::vector<uint64_t> counts_before(value_count), counts_after(value_count);
    std::vector<int64_t> sums_before(value_count * measure_count),
        sums_after(value_count * measure_count);
    AddTotals(before, dimension.before, measures_before, &counts_before, &sums_before);
    AddTotals(after, dimension.after, measures_after, &counts_after, &sums_after);
    for (size_t v = 0; v < value_count; ++v) {
      DimensionTotals& totals = report.totals.emplace_back();
      totals.dimension = options.dimensions[d];
      totals.value = dimension.values[v];
      totals.count_before = counts_before[v];
      totals.count_after = counts_after[v];
      totals.measures_before.assign(sums_before.begin() + v * measure_count,
                                    sums_before.begin() + (v + 1) * measure_count);
      totals.measures_after.assign(sums_after.begin() + v * measure_count,
                                   sums_after.begin() + (v + 1) * measure_count);
    }

    // Values are sorted, so comparing the cells' value texts orders them by
    // (from, to) index.
    std::sort(dimension.cell_list.begin(), dimension.cell_list.end(),
              [](const MigrationCell& a, const MigrationCell& b) {
                return std::tie(a.from, a.to) < std::tie(b.from, b.to);
              });
    Migration& migration = report.migrations.emplace_back();
    migration.dimension = options.dimensions[d];
    migration.values = std::move(dimension.values);
    migration.cells = std::move(dimension.cell_list);
    migration.moved = dimension.moved;
  }
  return report;
}

}  // namespace acctseg
