// The HTML form of a diff: one self-contained page (inline CSS and SVG, no
// script, no URL; a Content-Security-Policy forbids fetching anything) that
// opens from disk. Sections: summary cards, a Sankey flow of the first
// dimension, a heat map per dimension, totals per dimension, and the moved
// accounts with both explanations side by side. All report text is escaped.
#include <algorithm>

#include "common/group_digits.h"
#include "diff/html_charts.h"
#include "diff/render_internal.h"

namespace acctseg {
namespace {

constexpr size_t kMaxMoveRows = 50;  // moves listed for a matrix too wide to chart

constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { margin: 0; background: #f5f6f8; color: #1f2937;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 17px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; color: #374151; }
.sub { color: #6b7280; margin: 0 0 12px; }
.sides { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0 0; }
.side { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 6px 12px; }
.side b { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #6b7280; margin-right: 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(185px, 1fr)); gap: 12px; margin: 20px 0; }
.stat { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px 16px; }
.stat .n { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.stat.measure .n { font-size: 19px; line-height: 1.6; }
.stat .l { color: #6b7280; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; }
.stat.hot .n { color: #c2410c; }
section.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 18px 22px;
  margin: 18px 0; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.scroll { overflow-x: auto; }
.legend { color: #6b7280; font-size: 12.5px; margin: 6px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin: 0 4px 0 12px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 9px; border-bottom: 1px solid #eef0f3; text-align: right; white-space: nowrap; }
th { font-size: 12px; color: #6b7280; font-weight: 600; border-bottom: 1px solid #d1d5db; }
th:first-child, td:first-child { text-align: left; }
td.value { font-weight: 600; }
.pos { color: #15803d; } .neg { color: #b91c1c; } .zero { color: #9ca3af; }
.muted { color: #9ca3af; }
.hm-label { font-size: 12px; fill: #374151; }
.hm-total { font-weight: 600; fill: #6b7280; }
.hm-num { font-size: 12px; font-weight: 600; }
.hm-empty { fill: #fafafa; stroke: #f0f1f3; }
.hm-totalcell { fill: #f9fafb; }
.hm-axis, .sk-head { font-size: 11px; fill: #9ca3af; letter-spacing: .08em; text-transform: uppercase; }
.sk-stay { fill: #cbd5e1; opacity: .5; }
.sk-move { opacity: .72; }
.sankey path:hover { opacity: .95; }
.sk-label { font-size: 12px; }
.sk-value { font-weight: 600; fill: #1f2937; }
.sk-count { fill: #6b7280; }
.bar-before { fill: #cbd5e1; } .bar-after { fill: #4e79a7; }
.acct { border-bottom: 1px solid #eef0f3; padding: 7px 2px; }
.acct summary { cursor: pointer; }
div.acct { padding-left: 18px; }
.acct summary::marker { color: #9ca3af; }
.key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.chip { display: inline-block; background: #fff7ed; border: 1px solid #fed7aa; color: #9a3412;
  border-radius: 999px; padding: 0 9px; margin: 0 0 0 8px; font-size: 12.5px; }
.chip .dim { color: #6b7280; }
.why { color: #6b7280; font-size: 12.5px; margin-left: 10px; }
table.steps { width: 100%; table-layout: fixed; margin: 10px 0 6px; }
table.steps th, table.steps td { text-align: left; vertical-align: top; white-space: normal; overflow-wrap: anywhere; }
table.steps col.label { width: 24%; }
table.steps tr.same td { color: #9ca3af; }
table.steps tr.differs td:first-child { box-shadow: inset 3px 0 #fdba74; }
table.steps tr.changed td { background: #fef3c7; }
table.steps tr.changed td:first-child { box-shadow: inset 3px 0 #d97706; font-weight: 600; }
.outputs { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: #4b5563; }
.none { color: #9ca3af; font-style: italic; }
footer { color: #9ca3af; font-size: 12px; margin-top: 24px; }
)css";

std::string Count(uint64_t value) { return GroupDigits(std::to_string(value)); }

std::string DeltaCell(int64_t before, int64_t after, int scale) {
  std::string text = FormatDelta(before, after, scale);
  const char* cls = text[0] == '+' ? "pos" : text[0] == '-' ? "neg" : "zero";
  return "<td class=\"" + std::string(cls) + "\">" + GroupDigits(text) + "</td>";
}

void WriteCards(const DiffReport& report, std::ostream& out) {
  uint64_t matched = report.rows_before - report.only_before;
  auto card = [&](const std::string& number, const std::string& label, const char* cls = "") {
    out << "<div class=\"stat" << cls << "\"><div class=\"n\">" << number
        << "</div><div class=\"l\">" << HtmlEscape(label) << "</div></div>";
  };
  out << "<div class=\"cards\">";
  card(Count(matched), "accounts on both sides");
  std::string share;
  if (matched > 0) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " <small>(%.1f%%)</small>",
                  100.0 * static_cast<double>(report.changed) / static_cast<double>(matched));
    share = buffer;
  }
  card(Count(report.changed) + share, "changed in a summary dimension",
       report.changed > 0 ? " hot" : "");
  card(Count(report.only_before), "only before");
  card(Count(report.only_after), "only after");
  if (!report.migrations.empty()) {
    std::vector<int64_t> moved = MovedMeasureSums(report.migrations[0], report.measures.size());
    for (size_t m = 0; m < report.measures.size(); ++m)
      card(GroupDigits(FormatMeasure(report, m, moved[m])),
           report.measures[m].name + " that changed " + report.migrations[0].dimension, " measure");
  }
  out << "</div>\n";
}

void WriteMoveTable(const DiffReport& report, const Migration& migration, std::ostream& out) {
  std::vector<const MigrationCell*> cells = MovedCellsByCount(migration);
  out << "<div class=\"scroll\"><table><thead><tr><th>before</th><th>after</th><th>accounts</th>";
  for (const MeasureInfo& measure : report.measures)
    out << "<th>" << HtmlEscape(measure.name) << "</th>";
  out << "</tr></thead><tbody>";
  for (size_t i = 0; i < cells.size() && i < kMaxMoveRows; ++i) {
    out << "<tr><td class=\"value\">" << HtmlEscape(cells[i]->from) << "</td><td>"
        << HtmlEscape(cells[i]->to) << "</td><td>" << Count(cells[i]->count) << "</td>";
    for (size_t m = 0; m < report.measures.size(); ++m)
      out << "<td>" << GroupDigits(FormatMeasure(report, m, cells[i]->measure_sums[m])) << "</td>";
    out << "</tr>";
  }
  out << "</tbody></table></div>";
  if (cells.size() > kMaxMoveRows)
    out << "<p class=\"legend\">" << cells.size() - kMaxMoveRows
        << " smaller moves not shown; the CSV and JSON forms list every cell.</p>";
}

void WriteMigration(const DiffReport& report, const Migration& migration, std::ostream& out) {
  out << "<section class=\"card\"><h2>" << HtmlEscape(migration.dimension)
      << " migration</h2><p class=\"sub\">" << Count(migration.moved) << " moved";
  std::vector<int64_t> moved = MovedMeasureSums(migration, report.measures.size());
  for (size_t m = 0; m < report.measures.size(); ++m)
    out << " \u00b7 " << HtmlEscape(report.measures[m].name) << " "
        << GroupDigits(FormatMeasure(report, m, moved[m])) << " moved";
  out << "</p>";
  if (migration.values.size() <= kMaxChartValues) {
    out << "<div class=\"scroll\">" << HeatMapSvg(report, migration) << "</div>"
        << "<p class=\"legend\">Rows: before, columns: after. <span class=\"swatch\" "
           "style=\"background:#94a3b8\"></span>stayed <span class=\"swatch\" "
           "style=\"background:#ea7c3c\"></span>moved (each on its own scale; hover a cell for "
           "measures)</p>";
  } else {
    out << "<p class=\"legend\">" << migration.values.size()
        << " values: too many for a chart; the largest moves:</p>";
    WriteMoveTable(report, migration, out);
  }
  out << "</section>\n";
}

void WriteTotals(const DiffReport& report, const Migration& migration, std::ostream& out) {
  uint64_t max = 0;
  for (const DimensionTotals& totals : report.totals)
    if (totals.dimension == migration.dimension)
      max = std::max({max, totals.count_before, totals.count_after});
  out << "<h3>by " << HtmlEscape(migration.dimension)
      << "</h3><div class=\"scroll\"><table><thead><tr><th>" << HtmlEscape(migration.dimension)
      << "</th><th>before</th><th>after</th><th>\u0394</th><th></th>";
  for (const MeasureInfo& measure : report.measures) {
    std::string name = HtmlEscape(measure.name);
    out << "<th>" << name << " before</th><th>" << name << " after</th><th>\u0394 " << name
        << "</th>";
  }
  out << "</tr></thead><tbody>";
  for (const DimensionTotals& totals : report.totals) {
    if (totals.dimension != migration.dimension) continue;
    out << "<tr><td class=\"value\">" << HtmlEscape(totals.value) << "</td><td>"
        << Count(totals.count_before) << "</td><td>" << Count(totals.count_after) << "</td>"
        << DeltaCell(static_cast<int64_t>(totals.count_before),
                     static_cast<int64_t>(totals.count_after), 0)
        << "<td>" << PairBarsSvg(totals.count_before, totals.count_after, max) << "</td>";
    for (size_t m = 0; m < report.measures.size(); ++m)
      out << "<td>" << GroupDigits(FormatMeasure(report, m, totals.measures_before[m]))
          << "</td><td>" << GroupDigits(FormatMeasure(report, m, totals.measures_after[m]))
          << "</td>"
          << DeltaCell(totals.measures_before[m], totals.measures_after[m],
                       report.measures[m].scale);
    out << "</tr>";
  }
  out << "</tbody></table></div>";
}

std::string OutputsText(const nlohmann::json& outputs) {
  if (outputs.is_null()) return "";
  if (!outputs.is_object())
    return outputs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string text;
  for (const auto& [name, value] : outputs.items())
    text +=
        (text.empty() ? "" : ", ") + name + " = " +
        (value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return text;
}

std::string StepCell(const std::optional<ExplainedStep>& step) {
  if (!step) return "<td><span class=\"none\">no such step</span></td>";
  std::string cell = "<td>" + HtmlEscape(step->summary);
  std::string outputs = OutputsText(step->outputs);
  if (!outputs.empty())
    cell += (step->summary.empty() ? "" : "<br>") + std::string("<span class=\"outputs\">") +
            HtmlEscape(outputs) + "</span>";
  return cell + "</td>";
}

void WriteAccount(const MovedAccount& account, std::ostream& out) {
  std::vector<StepPair> steps = AlignSteps(account);
  std::string heading = "<span class=\"key\">" + HtmlEscape(account.key) + "</span>";
  for (const auto& [dimension, before, after] : account.changes)
    heading += "<span class=\"chip\"><span class=\"dim\">" + HtmlEscape(dimension) + "</span> " +
               HtmlEscape(before) + " \u2192 " + HtmlEscape(after) + "</span>";
  if (!account.changed_step.empty())
    heading += "<span class=\"why\">changed at " + HtmlEscape(account.changed_step) + "</span>";
  if (steps.empty()) {
    out << "<div class=\"acct\">" << heading << "</div>\n";
    return;
  }
  out << "<details class=\"acct\"><summary>" << heading << "</summary>"
      << "<table class=\"steps\"><colgroup><col class=\"label\"><col><col></colgroup>"
         "<thead><tr><th>step</th><th>before</th><th>after</th></tr></thead><tbody>";
  for (const StepPair& pair : steps) {
    const ExplainedStep& shown = pair.after ? *pair.after : *pair.before;
    const char* cls = pair.is_changed_step ? "changed" : pair.differs ? "differs" : "same";
    out << "<tr class=\"" << cls << "\"><td>" << HtmlEscape(shown.label) << "</td>"
        << StepCell(pair.before) << StepCell(pair.after) << "</tr>";
  }
  out << "</tbody></table></details>\n";
}

}  // namespace

void RenderDiffHtml(const DiffReport& report, std::ostream& out) {
  std::string before = report.label_before.empty() ? "before" : report.label_before;
  std::string after = report.label_after.empty() ? "after" : report.label_after;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>acctseg " << HtmlEscape(report.command) << ": " << HtmlEscape(before) << " \u2192 "
      << HtmlEscape(after) << "</title>\n<style>" << kStyle << "</style></head><body><main>\n";

  out << "<header><h1>Segmentation diff</h1><div class=\"sides\"><span class=\"side\"><b>before</b>"
      << HtmlEscape(before) << "</span><span class=\"side\"><b>after</b>" << HtmlEscape(after)
      << "</span><span class=\"side\"><b>key</b>" << HtmlEscape(report.key) << "</span>"
      << "<span class=\"side\"><b>rows</b>" << Count(report.rows_before) << " \u2192 "
      << Count(report.rows_after) << "</span></div></header>\n";
  WriteCards(report, out);
  if (!report.not_compared_before.empty() || !report.not_compared_after.empty())
    out << "<p class=\"legend\">Not compared, in one policy's summary only: "
        << HtmlEscape(NotComparedText(report)) << "</p>\n";

  if (!report.migrations.empty()) {
    const Migration& first = report.migrations[0];
    out << "<section class=\"card\"><h2>How " << HtmlEscape(first.dimension)
        << " flowed</h2><p class=\"sub\">Accounts on both sides, by " << HtmlEscape(first.dimension)
        << " before (left) and after (right). Grey bands stayed; colored bands moved, in the "
           "color of their old value.</p><div class=\"scroll\">"
        << SankeySvg(first) << "</div></section>\n";
  }
  for (const Migration& migration : report.migrations) WriteMigration(report, migration, out);

  if (!report.migrations.empty()) {
    out << "<section class=\"card\"><h2>Totals</h2><p class=\"sub\">Every row of each side, "
           "including accounts present on one side only.</p>";
    for (const Migration& migration : report.migrations) WriteTotals(report, migration, out);
    out << "</section>\n";
  }

  out << "<section class=\"card\"><h2>Moved accounts</h2><p class=\"sub\">";
  if (report.changed == 0)
    out << "No account changed.";
  else if (report.moved.size() < report.changed)
    out << "The first " << Count(report.moved.size()) << " of " << Count(report.changed)
        << " changed accounts, in the order of the after side.";
  else
    out << Count(report.changed) << " changed accounts, in the order of the after side.";
  if (std::any_of(report.moved.begin(), report.moved.end(),
                  [](const MovedAccount& a) { return !AlignSteps(a).empty(); }))
    out << " Open an account to compare its explanations step by step; the step where the "
           "outputs first differ is highlighted.";
  out << "</p>\n";
  for (const MovedAccount& account : report.moved) WriteAccount(account, out);
  out << "</section>\n<footer>Generated by acctseg. This file is self-contained: no scripts, "
         "no network.</footer>\n</main></body></html>\n";
}

}  // namespace acctseg
