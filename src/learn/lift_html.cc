// The HTML lift report: one self-contained page (inline CSS and SVG, no
// script, no URL; a Content-Security-Policy forbids fetching anything).
// Summary cards, the top findings in words, then per attribute a bar chart
// of lift (bars from 1, whiskers for the 95% interval, significant rows in
// color) beside its table. All data text is escaped.
#include <algorithm>
#include <cstdio>

#include "common/html_escape.h"
#include "diff/html_page.h"
#include "learn/lift_format.h"
#include "learn/lift_render.h"

namespace acctseg::learn {
namespace {

// The lift page's own rules, after the shared kReportStyle.
constexpr const char* kStyle = R"css(tr.sig td:first-child { font-weight: 600; }
.muted { color: #9ca3af; }
.lbl { font-size: 12px; fill: #374151; }
.num { font-size: 11px; fill: #6b7280; }
.up { fill: #59a14f; } .down { fill: #e15759; } .flat { fill: #cbd5e1; }
.whisker { stroke: #1f2937; stroke-width: 1.2; }
.one { stroke: #6b7280; stroke-dasharray: 3 3; }
ol li { margin: 3px 0; }
footer { color: #6b7280; font-size: 12.5px; margin-top: 24px; }
)css";

// Horizontal bars of lift from 1, one per row, with interval whiskers.
std::string LiftChart(const LiftAttribute& attribute) {
  double label_width = 12;
  double top = 1.2;
  for (const LiftRow& row : attribute.rows) {
    label_width = std::max(label_width, static_cast<double>(row.label.size()));
    top = std::max(top, row.tested ? row.lift_ci.high : row.lift);
  }
  label_width = std::min(label_width, 40.0) * 6.6 + 10;
  const double plot = 420, row_height = 22, value_width = 44;
  double width = label_width + plot + value_width, height = attribute.rows.size() * row_height + 24;
  auto x = [&](double lift) { return label_width + plot * std::min(lift, top) / (top * 1.05); };
  std::string svg = "<svg width=\"" + SvgNumber(width) + "\" height=\"" + SvgNumber(height) +
                    "\" role=\"img\" aria-label=\"lift of " + HtmlEscape(attribute.name) + "\">";
  for (size_t i = 0; i < attribute.rows.size(); ++i) {
    const LiftRow& row = attribute.rows[i];
    double y = i * row_height + 4, middle = y + row_height / 2;
    const char* cls = !row.significant ? "flat" : row.lift >= 1 ? "up" : "down";
    double from = x(std::min(1.0, row.lift)), to = x(std::max(1.0, row.lift));
    svg += "<text class=\"lbl\" x=\"" + SvgNumber(label_width - 8) + "\" y=\"" +
           SvgNumber(middle + 4) + "\" text-anchor=\"end\">" + HtmlEscape(row.label.substr(0, 40)) +
           "</text>";
    svg += "<rect class=\"" + std::string(cls) + "\" x=\"" + SvgNumber(from) + "\" y=\"" +
           SvgNumber(y + 4) + "\" width=\"" + SvgNumber(std::max(1.0, to - from)) + "\" height=\"" +
           SvgNumber(row_height - 8) + "\"><title>" + HtmlEscape(row.label) + ": lift " +
           Ratio(row.lift) + "</title></rect>";
    if (row.tested)
      svg += "<line class=\"whisker\" x1=\"" + SvgNumber(x(row.lift_ci.low)) + "\" x2=\"" +
             SvgNumber(x(row.lift_ci.high)) + "\" y1=\"" + SvgNumber(middle) + "\" y2=\"" +
             SvgNumber(middle) + "\"/>";
    svg += "<text class=\"num\" x=\"" + SvgNumber(label_width + plot + 4) + "\" y=\"" +
           SvgNumber(middle + 4) + "\">" + Ratio(row.lift) + "</text>";
  }
  double one = x(1.0), bottom = attribute.rows.size() * row_height + 6;
  svg += "<line class=\"one\" x1=\"" + SvgNumber(one) + "\" x2=\"" + SvgNumber(one) +
         "\" y1=\"2\" y2=\"" + SvgNumber(bottom) + "\"/><text class=\"num\" x=\"" + SvgNumber(one) +
         "\" y=\"" + SvgNumber(bottom + 14) +
         "\" text-anchor=\"middle\">lift 1 = overall rate</text></svg>";
  return svg;
}

std::string MeasureCells(const std::optional<MeasureCell>& cell) {
  if (!cell) return "";
  if (!cell->tested)
    return "<td>" + (cell->sample.n ? Amount(cell->sample.mean) : "-") + "</td><td>" +
           (cell->sample.n ? MeasureVersusOverall(*cell) : "-") + "</td><td class=\"muted\">-</td>";
  std::string ratio = MeasureVersusOverall(*cell);
  return "<td>" + Amount(cell->sample.mean) + " [" + Amount(cell->mean_ci.low) + "–" +
         Amount(cell->mean_ci.high) + "]</td><td>" + ratio + "</td><td>" +
         HtmlEscape(PValue(cell->q)) + (cell->significant ? " *" : "") + "</td>";
}

void RenderAttribute(const LiftReport& report, const LiftAttribute& attribute, std::ostream& out) {
  out << "<section class=\"card\"><h2>" << HtmlEscape(attribute.name) << "</h2><p class=\"sub\">"
      << HtmlEscape(attribute.description) << "</p><div class=\"scroll\">" << LiftChart(attribute)
      << "<table><tr><th>value</th><th>deals</th><th>wins</th><th>win rate [95% CI]</th>"
      << "<th>lift [95% CI]</th><th>p</th><th>q</th>";
  if (report.amount) out << "<th>won amount [95% CI]</th><th>× overall</th><th>q</th>";
  if (report.cycle) out << "<th>days to close [95% CI]</th><th>× overall</th><th>q</th>";
  out << "<th></th></tr>\n";
  for (const LiftRow& row : attribute.rows) {
    out << "<tr" << (row.significant ? " class=\"sig\"" : "") << "><td>" << HtmlEscape(row.label)
        << "</td><td>" << Count(row.deals) << "</td><td>" << Count(row.wins) << "</td>";
    if (row.tested)
      out << "<td>" << RateWithInterval(row.rate, row.rate_ci) << "</td><td>"
          << RatioWithInterval(row.lift, row.lift_ci) << "</td><td>" << HtmlEscape(PValue(row.p))
          << "</td><td>" << HtmlEscape(PValue(row.q)) << (row.significant ? " *" : "") << "</td>";
    else
      out << "<td>" << Percent(row.rate) << "</td><td>" << Ratio(row.lift)
          << "</td><td class=\"muted\">-</td><td class=\"muted\">-</td>";
    out << MeasureCells(row.amount) << MeasureCells(row.cycle) << "<td class=\"muted\">"
        << HtmlEscape(row.note) << "</td></tr>\n";
  }
  out << "</table></div></section>\n";
}

void RenderFindings(const LiftReport& report, int which, const char* title, std::ostream& out) {
  std::vector<LiftFinding> top = TopFindings(report, which, 5);
  out << "<h2>" << title << "</h2>";
  if (top.empty()) {
    out << "<p class=\"muted\">None significant after correction.</p>";
    return;
  }
  out << "<ol>";
  for (const LiftFinding& finding : top)
    out << "<li>" << HtmlEscape(FindingText(report, finding, which)) << "</li>";
  out << "</ol>";
}

}  // namespace

void RenderLiftHtml(const LiftReport& report, std::ostream& out) {
  WriteHtmlPageStart(out, "acctseg lift: " + report.outcome, kStyle);
  out << "<h1>Lift of " << HtmlEscape(report.outcome)
      << "</h1><p class=\"sub\">What wins more often, and by how much, with 95% intervals and "
         "significance after correction for "
      << report.tests << " tests.</p>\n<div class=\"cards\">";
  auto card = [&](const std::string& value, const char* label) {
    out << "<div class=\"stat\"><div class=\"n\">" << HtmlEscape(value) << "</div><div class=\"l\">"
        << label << "</div></div>";
  };
  card(Count(report.deals), "deals");
  card(Count(report.wins), "won");
  card(RateWithInterval(report.base_rate, report.base_ci), "win rate [95% CI]");
  if (report.amount) card(Amount(report.amount->overall.mean), "average won amount");
  if (report.cycle) card(Amount(report.cycle->overall.mean), "days to close (won)");
  out << "</div><section class=\"card\">";
  RenderFindings(report, 0, "Top findings", out);
  if (report.amount) RenderFindings(report, 1, "Average won amount", out);
  if (report.cycle) RenderFindings(report, 2, "Days to close", out);
  out << "</section>\n";
  for (const LiftAttribute& attribute : report.attributes) RenderAttribute(report, attribute, out);
  out << "<footer>" << HtmlEscape(MethodText(report)) << "</footer></main></body></html>\n";
}

}  // namespace acctseg::learn
