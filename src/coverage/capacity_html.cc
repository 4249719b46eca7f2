// The HTML capacity plan: one self-contained page (inline CSS and SVG, no
// script, no URL; a Content-Security-Policy forbids fetching anything).
// Summary cards; headcount needed per role against the current headcount;
// per staffed role its FTE by region; the what-if as covered and uncovered
// potential per role; then the tables of the text report. All data text is
// escaped.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/html_escape.h"
#include "coverage/capacity_format.h"
#include "coverage/capacity_render.h"
#include "diff/html_charts.h"
#include "diff/html_page.h"

namespace acctseg::coverage {
namespace {

// The capacity page's own rules, after the shared kReportStyle.
constexpr const char* kStyle = R"css(td.l { text-align: left; }
.lbl { font-size: 12px; fill: #374151; }
.num { font-size: 11px; fill: #6b7280; }
.mark { stroke: #1f2937; stroke-width: 2; }
.covered { fill: #59a14f; } .uncovered { fill: #e15759; }
footer { color: #6b7280; font-size: 12.5px; margin-top: 24px; }
)css";

struct Bar {
  std::string label;
  std::vector<std::pair<double, std::string>> parts;  // value, fill color or class
  double mark = kUnknown;                             // a reference line (current headcount)
  std::string value_text;
};

// Horizontal bars, one per item, stacked parts; a mark draws a tick.
std::string BarsSvg(const std::vector<Bar>& bars, const std::string& label) {
  double top = 0, label_width = 60;
  for (const Bar& bar : bars) {
    double sum = 0;
    for (const auto& part : bar.parts) sum += part.first;
    top = std::max({top, sum, std::isnan(bar.mark) ? 0.0 : bar.mark});
    label_width = std::max(label_width, std::min<double>(bar.label.size(), 30) * 6.8 + 12);
  }
  if (top <= 0) top = 1;
  const double plot = 480, row = 24, value_width = 170;
  std::string svg = "<svg width=\"" + SvgNumber(label_width + plot + value_width) + "\" height=\"" +
                    SvgNumber(bars.size() * row + 8) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(label) + "\">";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    double y = i * row + 4, x = label_width;
    svg += "<text class=\"lbl\" x=\"" + SvgNumber(label_width - 8) + "\" y=\"" + SvgNumber(y + 15) +
           "\" text-anchor=\"end\">" + HtmlEscape(bar.label.substr(0, 30)) + "</text>";
    for (const auto& [value, fill] : bar.parts) {
      double width = plot * value / top;
      bool is_class = fill[0] != '#';
      svg += "<rect " + (is_class ? "class=\"" + fill + "\"" : "fill=\"" + fill + "\"") + " x=\"" +
             SvgNumber(x) + "\" y=\"" + SvgNumber(y + 3) + "\" width=\"" + SvgNumber(width) +
             "\" height=\"" + SvgNumber(row - 8) + "\"/>";
      x += width;
    }
    if (!std::isnan(bar.mark)) {
      double mx = label_width + plot * bar.mark / top;
      svg += "<line class=\"mark\" x1=\"" + SvgNumber(mx) + "\" x2=\"" + SvgNumber(mx) +
             "\" y1=\"" + SvgNumber(y) + "\" y2=\"" + SvgNumber(y + row - 2) + "\"/>";
    }
    svg += "<text class=\"num\" x=\"" + SvgNumber(label_width + plot + 6) + "\" y=\"" +
           SvgNumber(y + 15) + "\">" + HtmlEscape(bar.value_text) + "</text>";
  }
  return svg + "</svg>";
}

std::string Card(const std::string& number, const std::string& label) {
  return "<div class=\"stat\"><div class=\"n\">" + HtmlEscape(number) + "</div><div class=\"l\">" +
         HtmlEscape(label) + "</div></div>";
}

std::string Cells(const std::vector<std::string>& values, const char* tag, size_t left) {
  std::string html = "<tr>";
  for (size_t i = 0; i < values.size(); ++i)
    html += std::string("<") + tag + (i < left ? " class=\"l\"" : "") + ">" +
            HtmlEscape(values[i]) + "</" + tag + ">";
  return html + "</tr>";
}

std::string FigureTable(const CapacityPlan& plan, bool by_region) {
  std::vector<std::string> header = {"role"};
  if (by_region) header.push_back("region");
  header.insert(header.end(), FigureNames().begin(), FigureNames().end());
  std::string html = "<div class=\"scroll\"><table>" + Cells(header, "th", by_region ? 2 : 1);
  auto line = [&](const CapacityRow& row, const std::string& role) {
    std::vector<std::string> values = {role};
    if (by_region) values.push_back(row.region);
    for (std::string& figure : FigureTexts(row)) values.push_back(std::move(figure));
    html += Cells(values, "td", by_region ? 2 : 1);
  };
  if (by_region)
    for (const CapacityRow& row : plan.rows) line(row, row.role);
  else {
    for (const RolePlan& role : plan.roles) line(role.total, role.total.role);
    line(plan.total, "total");
  }
  return html + "</table></div>";
}

std::string HeadcountSection(const CapacityPlan& plan) {
  std::vector<Bar> bars;
  for (const RolePlan& role : plan.roles) {
    if (!role.total.staffed) continue;
    Bar bar{role.total.role,
            {{role.total.headcount_needed, ValueColor(bars.size())}},
            kUnknown,
            Fte(role.total.headcount_needed) + " FTE"};
    if (role.capacity.headcount) {
      bar.mark = *role.capacity.headcount;
      bar.value_text += " (now " + Fte(*role.capacity.headcount) + ")";
    }
    bars.push_back(std::move(bar));
  }
  std::string html =
      "<section class=\"card\"><h2>Headcount needed per role</h2><p class=\"sub\">"
      "FTE = workload hours / (hours per rep &times; productivity); the black tick "
      "is the current headcount.</p>" +
      BarsSvg(bars, "headcount needed per role");
  size_t color = 0;
  for (const RolePlan& role : plan.roles) {
    if (!role.total.staffed) continue;
    std::vector<Bar> regions;
    for (const CapacityRow& row : plan.rows)
      if (row.role == role.total.role)
        regions.push_back(
            Bar{row.region,
                {{row.headcount_needed, ValueColor(color)}},
                kUnknown,
                Fte(row.headcount_needed) + " FTE, " + Whole(row.potential) + " potential"});
    ++color;
    html += "<h2>" + HtmlEscape(role.total.role) + " by region</h2>" +
            BarsSvg(regions, role.total.role + " by region");
  }
  return html + "</section>";
}

std::string WhatIfSection(const WhatIf& whatif) {
  std::vector<Bar> bars;
  for (const RoleWhatIf& role : whatif.roles) {
    Bar bar{role.role + " at " + Fte(role.headcount),
            {{role.covered_potential, "covered"}, {role.uncovered_potential, "uncovered"}},
            kUnknown,
            Whole(static_cast<double>(role.uncovered)) + " accounts, " +
                Whole(role.uncovered_potential) + " uncovered"};
    bars.push_back(std::move(bar));
  }
  std::string html =
      "<section class=\"card\"><h2>What-if on headcount</h2><p class=\"sub\">Accounts ranked by "
      "tier, potential, then ARR; covered while the workload fits the hours the headcount gives. "
      "Red: potential left uncovered.</p>" +
      BarsSvg(bars, "uncovered potential per role");
  html += "<div class=\"scroll\"><table>" + Cells({"role", "tier", "accounts", "uncovered",
                                                   "potential lost", "whitespace lost", "arr lost"},
                                                  "th", 2);
  for (const RoleWhatIf& role : whatif.roles)
    for (const TierLoss& tier : role.tiers)
      html += Cells({role.role, tier.tier, Whole(static_cast<double>(tier.accounts)),
                     Whole(static_cast<double>(tier.uncovered)), Whole(tier.uncovered_potential),
                     Whole(tier.uncovered_whitespace), Whole(tier.uncovered_arr)},
                    "td", 2);
  return html + "</table></div></section>";
}

}  // namespace

void RenderCapacityHtml(const CapacityPlan& plan, std::ostream& out) {
  WriteHtmlPageStart(out, "acctseg capacity plan", kStyle);
  std::string html = "<h1>Capacity plan</h1><p class=\"sub\">" + PlanHeadline(plan) +
                     "</p><div class=\"cards\">" +
                     Card(Fte(plan.total.headcount_needed), "FTE needed") +
                     Card(Whole(static_cast<double>(plan.total.reps)), "reps (whole per region)") +
                     Card(Whole(plan.total.headcount_cost), "cost a year") +
                     Card(Whole(plan.total.potential), "potential") +
                     Card(Whole(plan.total.arr), "ARR") + "</div>" + HeadcountSection(plan);
  if (plan.whatif) html += WhatIfSection(*plan.whatif);
  html += "<section class=\"card\"><h2>Roles</h2>" + FigureTable(plan, false) +
          "<h2>Role &times; region</h2>" + FigureTable(plan, true) + "</section><footer>";
  for (const std::string& note : plan.notes) html += "<p>" + HtmlEscape(note) + "</p>";
  html +=
      "<p>headcount needed = workload hours / (hours per rep &times; (1 &minus; attrition &times; "
      "ramp months / 24)); coverage = potential / (FTE &times; quota &times; productivity) "
      "(docs/planning/capacity.md).</p></footer></main></body></html>\n";
  out << html;
}

}  // namespace acctseg::coverage
