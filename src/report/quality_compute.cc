// ComputeQualityReport: one pass over each declared column of each input
// (the columns as read, before any step), the issue masks after the run,
// the aggregate steps' match records and the dedupe steps' cluster columns.
#include <algorithm>
#include <map>
#include <unordered_set>

#include "report/quality_report.h"
#include "table/date_time.h"

namespace acctseg {
namespace {

constexpr size_t kTopValues = 5;

bool IsStandIn(const std::string& code) { return code == kStandInInvalidCode; }

// The `kTopValues` most frequent of `counts`, most frequent first, ties by value.
std::vector<ValueCount> Top(std::vector<ValueCount> counts) {
  auto order = [](const ValueCount& a, const ValueCount& b) {
    return a.rows != b.rows ? a.rows > b.rows : a.value < b.value;
  };
  size_t kept = std::min(counts.size(), kTopValues);
  std::partial_sort(counts.begin(), counts.begin() + kept, counts.end(), order);
  counts.resize(kept);
  return counts;
}

// Strings: counts per dictionary code (one array the dictionary's size).
void StringStats(const Column& column, ColumnQuality& quality) {
  std::vector<uint64_t> rows_of(column.dictionary->size(), 0);
  for (size_t row = 0; row < column.size(); ++row)
    if (!column.IsNull(row)) ++rows_of[column.codes[row]];
  std::vector<ValueCount> counts;
  for (uint32_t code = 0; code < rows_of.size(); ++code) {
    std::string_view value = column.dictionary->Get(code);
    if (rows_of[code] == 0 || value.empty()) continue;
    quality.present += rows_of[code];
    counts.push_back({std::string(value), rows_of[code]});
  }
  quality.distinct = counts.size();
  quality.top = Top(std::move(counts));
}

// Values held as integers: booleans get top values, the others a range.
void IntStats(const Column& column, ColumnQuality& quality) {
  std::vector<int64_t> values;
  values.reserve(column.size());
  for (size_t row = 0; row < column.size(); ++row)
    if (!column.IsNull(row)) values.push_back(column.ints[row]);
  quality.present = values.size();
  std::sort(values.begin(), values.end());
  std::vector<ValueCount> counts;
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j < values.size() && values[j] == values[i]) ++j;
    if (column.type.id == TypeId::kBool) counts.push_back({values[i] ? "true" : "false", j - i});
    ++quality.distinct;
    i = j;
  }
  if (column.type.id == TypeId::kBool) {
    quality.top = Top(std::move(counts));
  } else if (!values.empty()) {
    quality.min = IntSlotText(column.type, values.front());
    quality.max = IntSlotText(column.type, values.back());
  }
}

// Rows carrying each bit of `masks` (a reader's vector or a run's RowIssues).
template <class Masks>
std::vector<uint64_t> RowsPerBit(const Masks& masks, size_t bits) {
  std::vector<uint64_t> rows(bits, 0);
  for (size_t row = 0; row < masks.size(); ++row)
    for (uint64_t mask = masks[row], bit = 0; mask != 0 && bit < bits; ++bit, mask >>= 1)
      rows[bit] += mask & 1;
  return rows;
}

// The rows of `read` whose value of requested column `name` did not parse.
// Counted by the reader per column, not per issue bit: columns share bits
// (every column of an input shares its stand-in code, two columns may
// share a policy's code).
const std::vector<uint64_t>& InvalidRowsOf(const CsvReadResult& read, const std::string& name) {
  static const std::vector<uint64_t> kNone;
  for (size_t i = 0; i < read.invalid_rows.size(); ++i)
    if (read.table.name(i) == name) return read.invalid_rows[i];
  return kNone;
}

InputQuality InputReport(const PlanInput& input, const CsvReadResult& read, const RunState& state,
                         const std::vector<std::string>& codes, const RequiredColumns& required) {
  InputQuality quality;
  quality.name = input.name;
  quality.path = state.input_path;
  quality.rows = read.table.row_count();
  quality.key = input.key_column;
  for (const CsvColumnRequest& request : input.columns) {
    ColumnQuality column;
    column.name = request.name;
    column.type = request.type.ToString();
    column.is_key = request.name == input.key_column;
    if (request.invalid_issue_bit >= 0) {
      const std::vector<uint64_t>& invalid_rows = InvalidRowsOf(read, request.name);
      column.invalid = invalid_rows.size();
      // Where they are: a count alone sent the user searching the file.
      for (size_t i = 0; i < invalid_rows.size() && i < 3; ++i)
        column.invalid_lines.push_back(read.row_lines[invalid_rows[i]]);
      const std::string& code = codes[request.invalid_issue_bit];
      if (!IsStandIn(code)) column.invalid_issue = code;
    }
    const Column& values = *read.table.Get(request.name);
    if (values.type.id == TypeId::kString)
      StringStats(values, column);
    else
      IntStats(values, column);
    if (column.is_key) quality.key_missing = quality.rows - column.present;
    // Read without `not_null`: what is neither present nor invalid was empty.
    column.required = required.count({input.name, request.name}) > 0;
    if (column.required) column.empty_required = quality.rows - column.present - column.invalid;
    quality.columns.push_back(std::move(column));
  }
  std::vector<uint64_t> issue_rows = RowsPerBit(state.issues, codes.size());
  for (size_t bit = 0; bit < codes.size(); ++bit)
    if (issue_rows[bit] > 0 && !IsStandIn(codes[bit]))
      quality.issues.push_back({codes[bit], issue_rows[bit]});
  return quality;
}

DuplicateQuality DuplicateReport(const CompiledStep& step, const Column& cluster) {
  DuplicateQuality quality;
  quality.step = step.label;
  quality.column = step.outputs().front();
  std::map<uint32_t, uint64_t> rows_of;  // survivor's id code -> rows
  for (size_t row = 0; row < cluster.size(); ++row)
    if (!cluster.IsNull(row)) ++rows_of[cluster.codes[row]];
  std::vector<ValueCount> sizes;
  for (const auto& [code, rows] : rows_of) {
    quality.rows += rows;
    sizes.push_back({std::string(cluster.dictionary->Get(code)), rows});
  }
  quality.clusters = sizes.size();
  quality.largest = Top(std::move(sizes));
  return quality;
}

// The first lines of `match.from`'s rows whose `match.by` is NULL, when
// `by` is a column of the input (not one an `on:` step computed).
MatchQuality MatchReportOf(const MatchReport& match, const Execution& execution) {
  MatchQuality quality{match, {}};
  const auto& inputs = execution.plan().inputs();
  for (size_t i = 1; i < inputs.size(); ++i) {
    if (inputs[i].name != match.from) continue;
    const CsvReadResult& read = *execution.related_inputs[i - 1];
    const Column* by = read.table.Find(match.by);
    for (size_t row = 0; by && row < by->size() && quality.without_key_lines.size() < kTopValues;
         ++row)
      if (by->IsNull(row)) quality.without_key_lines.push_back(read.row_lines[row]);
  }
  return quality;
}

}  // namespace

RequiredColumns PrepareQualityPolicy(PolicyAst& policy, bool count_invalid_values) {
  RequiredColumns required;
  for (InputDecl& input : policy.inputs)
    for (ColumnDecl& column : input.columns) {
      if (column.not_null) required.insert({input.name.name, column.name.name});
      column.not_null = false;
      // One stand-in code, not one a column: a policy has at most 64
      // codes, and a wide multi-source policy has more typed columns.
      if (count_invalid_values && column.invalid_issue.empty() && column.type != "string")
        column.invalid_issue = kStandInInvalidCode;
    }
  for (Step& step : policy.steps)
    if (step.kind == Step::Kind::kAggregate) step.aggregate.unmatched = "warn";
  return required;
}

QualityReport ComputeQualityReport(const Execution& execution, const RequiredColumns& required) {
  const Plan& plan = execution.plan();
  QualityReport report;
  report.policy = plan.policy().name;
  if (report.policy.empty() && plan.policy().source) report.policy = plan.policy().source->path;
  if (plan.as_of()) report.as_of = FormatDate(*plan.as_of());
  const RunState& state = execution.state;
  report.inputs.push_back(
      InputReport(plan.inputs()[0], *execution.input, state, plan.issue_codes(), required));
  for (size_t i = 1; i < plan.inputs().size(); ++i)
    report.inputs.push_back(InputReport(plan.inputs()[i], *execution.related_inputs[i - 1],
                                        state.related[i - 1], plan.issue_codes(), required));
  for (const MatchReport& match : state.matches)
    report.matches.push_back(MatchReportOf(match, execution));
  // Dedupe steps run on the accounts only (no `on:`).
  for (const auto& step : plan.steps())
    if (std::string_view(step->kind()) == "dedupe" && step->table == 0)
      report.duplicates.push_back(
          DuplicateReport(*step, *execution.ColumnNamed(step->outputs().front())));
  return report;
}

}  // namespace acctseg
