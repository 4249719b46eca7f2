// Pieces shared by the diff renderers (text, CSV, JSON, HTML) and by
// ComputeDiff: the NULL value's text, measure formatting, a dense view of a
// migration matrix, and explanation steps aligned side by side. Internal to
// src/diff/; everything here is a pure function of a finished DiffReport.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/dimension_value.h"
#include "common/html_escape.h"
#include "diff/diff.h"

namespace acctseg {

// Exact text of a measure value ("1234.50"), at the measure's scale.
std::string FormatMeasure(const DiffReport& report, size_t measure, int64_t value);

// after - before with an explicit sign ("+3", "-1.50", "0"), at `scale`;
// "overflow" when the difference does not fit in int64.
std::string FormatDelta(int64_t before, int64_t after, int scale);

// Per measure: the sums of the cells off the diagonal, i.e. the measures of
// the accounts whose value in this dimension changed.
std::vector<int64_t> MovedMeasureSums(const Migration& migration, size_t measure_count);

// The summary columns of one side only: "role, channel (after); workload_hours (before)".
std::string NotComparedText(const DiffReport& report);

// A migration matrix as a dense values x values grid (rows = before,
// columns = after). Costs values^2 pointers: callers cap the value count.
class MatrixView {
 public:
  explicit MatrixView(const Migration& migration);
  size_t size() const { return migration_.values.size(); }
  const std::string& value(size_t index) const { return migration_.values[index]; }
  const MigrationCell* At(size_t from, size_t to) const { return grid_[from * size() + to]; }
  uint64_t Count(size_t from, size_t to) const;
  uint64_t RowTotal(size_t from) const { return row_totals_[from]; }
  uint64_t ColumnTotal(size_t to) const { return column_totals_[to]; }
  uint64_t MaxStayed() const { return max_stayed_; }
  uint64_t MaxMoved() const { return max_moved_; }

 private:
  const Migration& migration_;
  std::vector<const MigrationCell*> grid_;
  std::vector<uint64_t> row_totals_, column_totals_;
  uint64_t max_stayed_ = 0, max_moved_ = 0;
};

// The off-diagonal cells, largest count first (ties in matrix order).
std::vector<const MigrationCell*> MovedCellsByCount(const Migration& migration);

// One step of an explanation: {"label": ..., "outputs": {...}, "summary": ...}.
struct ExplainedStep {
  std::string label;
  std::string summary;
  nlohmann::json outputs;  // null when absent
};

// A row of the side-by-side view: a step on either or both sides.
struct StepPair {
  std::optional<ExplainedStep> before, after;
  bool is_changed_step = false;  // matches MovedAccount::changed_step
  bool differs =
      false;  // outputs or summary (places in the policy aside) differ, or one side lacks the step
};

// Aligns the steps of the two explanations by label, ignoring a trailing
// location like " (policy.yaml:42)" (line numbers shift between policy
// versions). Empty when neither explanation has steps.
std::vector<StepPair> AlignSteps(const MovedAccount& account);

// Code points: a fair guess at the columns a text takes in a terminal.
size_t DisplayWidth(std::string_view text);

// `text` if it fits in `width` code points, else its first width - 1 code
// points followed by `mark` ("~" keeps terminals ASCII; HTML uses "…").
std::string ClipText(std::string_view text, size_t width, std::string_view mark = "~");

void RenderDiffText(const DiffReport& report, std::ostream& out);
void RenderDiffCsv(const DiffReport& report, std::ostream& out);
void RenderDiffJson(const DiffReport& report, std::ostream& out);
void RenderDiffHtml(const DiffReport& report, std::ostream& out);

}  // namespace acctseg
