// The CSV form of a diff: sections separated by a blank line, each opened by
// a "# name" line and a header line, so that a spreadsheet or a script can
// split the file at "# ". Sections, in order:
//   # diff              one row: labels, key, row counts, changed
//   # migration <dim>   from,to,count,<measure>... (one row per non-empty cell)
//   # moved             key,dimension,before,after,changed_step (one row per change)
//   # totals            dimension,value,count_before,count_after,count_delta,
//                       then <measure>_before,<measure>_after,<measure>_delta per measure
// Measures are exact decimals at the measure's scale. Fields are quoted only
// when they hold a comma, quote, CR or LF (RFC 4180). The file is meant for
// spreadsheets, so every text field (labels, keys, names, values) is guarded
// against formula injection: one starting with = + - @ TAB or CR gets a
// leading ' (common/csv_field.h). Numbers are never guarded.
#include "common/csv_field.h"
#include "diff/render_internal.h"

namespace acctseg {
namespace {

// A text field from the report's data, quoted and guarded.
std::string Text(std::string_view text) {
  std::string field;
  AppendCsvField(text, /*escape_formulas=*/true, field);
  return field;
}

// Deltas without the "+" the text form shows, so that every tool reads them
// as plain numbers.
std::string Delta(int64_t before, int64_t after, int scale) {
  std::string text = FormatDelta(before, after, scale);
  return text[0] == '+' ? text.substr(1) : text;
}

// Fields already written: Text(...) or numbers, which need neither quotes
// nor the guard.
void Line(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << fields[i];
  out << '\n';
}

void HeaderLine(std::ostream& out, const std::vector<std::string>& names) {
  std::vector<std::string> fields;
  for (const std::string& name : names) fields.push_back(Text(name));
  Line(out, fields);
}

}  // namespace

void RenderDiffCsv(const DiffReport& report, std::ostream& out) {
  out << "# diff\n";
  HeaderLine(out, {"label_before", "label_after", "key", "rows_before", "rows_after", "only_before",
                   "only_after", "changed", "moved_listed"});
  Line(out, {Text(report.label_before), Text(report.label_after), Text(report.key),
             std::to_string(report.rows_before), std::to_string(report.rows_after),
             std::to_string(report.only_before), std::to_string(report.only_after),
             std::to_string(report.changed), std::to_string(report.moved.size())});

  for (const Migration& migration : report.migrations) {
    // One field, quoted as a whole if the name needs it, so that a comma in
    // a name cannot start a new cell.
    out << '\n' << Text("# migration " + migration.dimension) << '\n';
    std::vector<std::string> header{"from", "to", "count"};
    for (const MeasureInfo& measure : report.measures) header.push_back(measure.name);
    HeaderLine(out, header);
    for (const MigrationCell& cell : migration.cells) {
      std::vector<std::string> row{Text(cell.from), Text(cell.to), std::to_string(cell.count)};
      for (size_t m = 0; m < report.measures.size(); ++m)
        row.push_back(FormatMeasure(report, m, cell.measure_sums[m]));
      Line(out, row);
    }
  }

  out << "\n# moved\n";
  HeaderLine(out, {"key", "dimension", "before", "after", "changed_step"});
  for (const MovedAccount& account : report.moved)
    for (const auto& [dimension, before, after] : account.changes)
      Line(out, {Text(account.key), Text(dimension), Text(before), Text(after),
                 Text(account.changed_step)});

  out << "\n# totals\n";
  std::vector<std::string> header{"dimension", "value", "count_before", "count_after",
                                  "count_delta"};
  for (const MeasureInfo& measure : report.measures) {
    header.push_back(measure.name + "_before");
    header.push_back(measure.name + "_after");
    header.push_back(measure.name + "_delta");
  }
  HeaderLine(out, header);
  for (const DimensionTotals& totals : report.totals) {
    std::vector<std::string> row{Text(totals.dimension), Text(totals.value),
                                 std::to_string(totals.count_before),
                                 std::to_string(totals.count_after),
                                 Delta(static_cast<int64_t>(totals.count_before),
                                       static_cast<int64_t>(totals.count_after), 0)};
    for (size_t m = 0; m < report.measures.size(); ++m) {
      row.push_back(FormatMeasure(report, m, totals.measures_before[m]));
      row.push_back(FormatMeasure(report, m, totals.measures_after[m]));
      row.push_back(
          Delta(totals.measures_before[m], totals.measures_after[m], report.measures[m].scale));
    }
    Line(out, row);
  }
}

}  // namespace acctseg
