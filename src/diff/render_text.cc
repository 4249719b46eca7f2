// The terminal form of a diff: a header, a compact matrix per dimension, the
// totals per value, and the first moved accounts with their explanations
// side by side. Plain ASCII framing; values are printed as they are (UTF-8),
// truncated to keep columns aligned.
#include <algorithm>

#include "diff/render_internal.h"

namespace acctseg {
namespace {

constexpr size_t kMaxMatrixValues = 12;  // wider matrices print as a list of moves
constexpr size_t kMaxListedMoves = 15;
constexpr size_t kValueWidth = 16;
constexpr size_t kStepWidth = 30;
constexpr size_t kSummaryWidth = 48;

// Rows of cells printed with aligned columns: the first left-aligned, the
// rest right-aligned (numbers), unless `left_columns` says otherwise.
class TextTable {
 public:
  explicit TextTable(size_t left_columns = 1) : left_columns_(left_columns) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Rule() { rows_.emplace_back(); }

  void Print(std::ostream& out, const std::string& indent) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_) {
      if (widths.size() < row.size()) widths.resize(row.size(), 0);
      for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
    size_t total = 0;
    for (size_t width : widths) total += width + 2;
    for (const auto& row : rows_) {
      std::string line = indent;
      if (row.empty()) line += std::string(total > 2 ? total - 2 : 0, '-');
      for (size_t c = 0; c < row.size(); ++c) {
        std::string pad(widths[c] - DisplayWidth(row[c]), ' ');
        line += c < left_columns_ ? row[c] + pad : pad + row[c];
        if (c + 1 < row.size()) line += "  ";
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
  }

 private:
  size_t left_columns_;
  std::vector<std::vector<std::string>> rows_;
};

std::string MeasuresMoved(const DiffReport& report, const Migration& migration) {
  std::vector<int64_t> sums = MovedMeasureSums(migration, report.measures.size());
  std::string text;
  for (size_t m = 0; m < sums.size(); ++m)
    text += (m ? ", " : "") + report.measures[m].name + " " + FormatMeasure(report, m, sums[m]);
  return text;
}

void PrintMatrix(const Migration& migration, std::ostream& out) {
  MatrixView matrix(migration);
  TextTable table;
  std::vector<std::string> header{"before \\ after"};
  for (size_t to = 0; to < matrix.size(); ++to) header.push_back(ClipText(matrix.value(to), 12));
  header.push_back("total");
  table.Add(header);
  for (size_t from = 0; from < matrix.size(); ++from) {
    std::vector<std::string> row{ClipText(matrix.value(from), kValueWidth)};
    for (size_t to = 0; to < matrix.size(); ++to) {
      uint64_t count = matrix.Count(from, to);
      std::string text = count == 0 ? "." : std::to_string(count);
      row.push_back(from == to ? "[" + text + "]" : text);
    }
    row.push_back(std::to_string(matrix.RowTotal(from)));
    table.Add(row);
  }
  std::vector<std::string> totals{"total"};
  for (size_t to = 0; to < matrix.size(); ++to)
    totals.push_back(std::to_string(matrix.ColumnTotal(to)));
  table.Add(totals);
  table.Print(out, "  ");
  out << "  (rows: before, columns: after, [diagonal]: stayed)\n";
}

void PrintMoveList(const DiffReport& report, const Migration& migration, std::ostream& out) {
  std::vector<const MigrationCell*> cells = MovedCellsByCount(migration);
  if (cells.empty()) {  // not a header over no rows
    out << "  no account moved between its " << migration.values.size() << " values\n";
    return;
  }
  TextTable table(2);
  std::vector<std::string> header{"from", "to", "accounts"};
  for (const MeasureInfo& measure : report.measures) header.push_back(measure.name);
  table.Add(header);
  for (size_t i = 0; i < cells.size() && i < kMaxListedMoves; ++i) {
    std::vector<std::string> row{ClipText(cells[i]->from, kValueWidth),
                                 ClipText(cells[i]->to, kValueWidth),
                                 std::to_string(cells[i]->count)};
    for (size_t m = 0; m < report.measures.size(); ++m)
      row.push_back(FormatMeasure(report, m, cells[i]->measure_sums[m]));
    table.Add(row);
  }
  table.Print(out, "  ");
  if (cells.size() > kMaxListedMoves)
    out << "  ... " << cells.size() - kMaxListedMoves << " more moves (" << migration.values.size()
        << " values; see the CSV or HTML form)\n";
}

void PrintTotals(const DiffReport& report, const std::string& dimension, std::ostream& out) {
  TextTable table;
  std::vector<std::string> header{dimension, "before", "after", "delta"};
  for (const MeasureInfo& measure : report.measures) {
    header.push_back(measure.name + " before");
    header.push_back("after");
    header.push_back("delta");
  }
  table.Add(header);
  for (const DimensionTotals& totals : report.totals) {
    if (totals.dimension != dimension) continue;
    std::vector<std::string> row{ClipText(totals.value, kValueWidth),
                                 std::to_string(totals.count_before),
                                 std::to_string(totals.count_after),
                                 FormatDelta(static_cast<int64_t>(totals.count_before),
                                             static_cast<int64_t>(totals.count_after), 0)};
    for (size_t m = 0; m < report.measures.size(); ++m) {
      row.push_back(FormatMeasure(report, m, totals.measures_before[m]));
      row.push_back(FormatMeasure(report, m, totals.measures_after[m]));
      row.push_back(FormatDelta(totals.measures_before[m], totals.measures_after[m],
                                report.measures[m].scale));
    }
    table.Add(row);
  }
  table.Print(out, "  ");
}

void PrintAccount(const MovedAccount& account, std::ostream& out) {
  std::string changes;
  for (const auto& [dimension, before, after] : account.changes)
    changes += (changes.empty() ? "" : "; ") + dimension + " " + before + " -> " + after;
  out << "  " << account.key << "  " << changes << '\n';
  if (!account.changed_step.empty()) out << "    changed step: " << account.changed_step << '\n';
  std::vector<StepPair> steps = AlignSteps(account);
  bool any_summary = std::any_of(steps.begin(), steps.end(), [](const StepPair& pair) {
    return (pair.before && !pair.before->summary.empty()) ||
           (pair.after && !pair.after->summary.empty());
  });
  if (!any_summary) return;
  TextTable table(4);
  table.Add({"", "step", "before", "after"});
  for (const StepPair& pair : steps) {
    const ExplainedStep& shown = pair.after ? *pair.after : *pair.before;
    std::string marker = pair.is_changed_step ? ">" : pair.differs ? "*" : "";
    table.Add({marker, ClipText(shown.label, kStepWidth),
               pair.before ? ClipText(pair.before->summary, kSummaryWidth) : "(no step)",
               pair.after ? ClipText(pair.after->summary, kSummaryWidth) : "(no step)"});
  }
  table.Print(out, "    ");
  // The changed step's summaries whole where the table cut them: the rule
  // and the values it read are what explain the move.
  for (const StepPair& pair : steps) {
    if (!pair.is_changed_step) continue;
    const std::string& before = pair.before ? pair.before->summary : "";
    const std::string& after = pair.after ? pair.after->summary : "";
    if (DisplayWidth(before) <= kSummaryWidth && DisplayWidth(after) <= kSummaryWidth) continue;
    if (pair.before) out << "    before: " << before << '\n';
    if (pair.after) out << "    after:  " << after << '\n';
  }
}

}  // namespace

void RenderDiffText(const DiffReport& report, std::ostream& out) {
  uint64_t matched = report.rows_before - report.only_before;
  out << "acctseg " << report.command << '\n'
      << "  before: " << (report.label_before.empty() ? "(unnamed)" : report.label_before) << '\n'
      << "  after:  " << (report.label_after.empty() ? "(unnamed)" : report.label_after) << '\n'
      << "  key " << report.key << ": " << report.rows_before << " rows before, "
      << report.rows_after << " after, " << matched << " on both sides, " << report.only_before
      << " only before, " << report.only_after << " only after\n"
      << "  changed: " << report.changed << " of " << matched
      << " accounts in a summary dimension (other outputs are not compared)\n";
  if (!report.not_compared_before.empty() || !report.not_compared_after.empty())
    out << "  not compared, in one policy's summary only: " << NotComparedText(report) << '\n';

  for (const Migration& migration : report.migrations) {
    out << '\n' << migration.dimension << ": " << migration.moved << " moved";
    if (!report.measures.empty()) out << " (" << MeasuresMoved(report, migration) << " moved)";
    out << '\n';
    if (migration.values.size() <= kMaxMatrixValues)
      PrintMatrix(migration, out);
    else
      PrintMoveList(report, migration, out);
  }

  for (const Migration& migration : report.migrations) {
    out << "\ntotals by " << migration.dimension << '\n';
    PrintTotals(report, migration.dimension, out);
  }

  if (report.changed == 0) return;
  // The moved accounts the report holds (--max-listed, kTextMaxListed for
  // text by default): all of them, every one counted.
  out << "\nmoved accounts (first " << report.moved.size() << " of " << report.changed << ")\n";
  for (const MovedAccount& account : report.moved) PrintAccount(account, out);
}

}  // namespace acctseg
