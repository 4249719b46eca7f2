#include "job/territory_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string_view>

#include "common/html_escape.h"
#include "diff/html_page.h"

namespace acctseg {
namespace {

// This report's own rules, after the shared ones (diff/html_page.h).
constexpr std::string_view kStyle = R"css(
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 12px; }
.tile { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 8px 14px; }
.tile h3 { font-size: 14px; margin: 2px 0 4px; }
.warn { color: #b03a2e; }
)css";

// How many moves the page lists (the moves CSV has them all).
constexpr size_t kMovesShown = 100;
constexpr int kBarWidth = 360, kRowHeight = 22, kLabelWidth = 250;
constexpr size_t kLabelChars = 40;  // longer rep labels are cut to fit beside the bars

// A rep as the chart labels it: the name (else the id), cut to kLabelChars.
std::string RepLabel(const territory::Rep& rep) {
  std::string label = rep.name.empty() ? rep.id : rep.name;
  if (label.size() > kLabelChars) {
    size_t cut = kLabelChars;
    while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    label = label.substr(0, cut) + "…";
  }
  return label;
}

std::string Num(double value) { return HtmlEscape(PlainNumber(value)); }

// One role's reps: a bar per measure, scaled so the role mean sits at the
// middle, over a band of mean ± tolerance.
std::string RoleBarsSvg(const TerritoryOutcome& outcome, const std::vector<size_t>& reps) {
  const auto& problem = outcome.data.problem;
  double top = 2.0;  // twice the mean fills the bar, larger loads are clipped
  int height = static_cast<int>(reps.size()) * kRowHeight * 2 + 24;
  int width = kLabelWidth + kBarWidth + 90;
  auto x_of = [&](double ratio) { return kLabelWidth + std::min(ratio, top) / top * kBarWidth; };
  std::string svg =
      fmt::format("<svg width=\"{}\" height=\"{}\" role=\"img\" font-size=\"11\">", width, height);
  double tol = outcome.options.tolerance;
  svg += fmt::format(
      "<rect x=\"{:.1f}\" y=\"0\" width=\"{:.1f}\" height=\"{}\" fill=\"#e3f1e3\"/>"
      "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"0\" y2=\"{}\" stroke=\"#2e7d32\"/>",
      x_of(1 - tol), x_of(1 + tol) - x_of(1 - tol), height - 20, x_of(1), x_of(1), height - 20);
  int y = 4;
  for (size_t r : reps) {
    const RepBalance& b = outcome.balance[r];
    svg += fmt::format("<text x=\"0\" y=\"{}\">{}</text>", y + 14,
                       HtmlEscape(RepLabel(problem.reps[r])));
    struct Measure {
      const char* name;
      double load, mean;
      const char* color;
    };
    for (const Measure& m : {Measure{"potential", b.potential, b.potential_mean, "#3a7bd5"},
                             Measure{"workload", b.workload, b.workload_mean, "#e08a2c"}}) {
      double ratio = m.mean == 0 ? 0 : m.load / m.mean;
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\">"
          "<title>{}: {} ({:+.1f}% of the role mean {})</title></rect>",
          kLabelWidth, y + 2, x_of(ratio) - kLabelWidth, kRowHeight - 6, m.color, m.name,
          Num(m.load), (ratio - 1) * 100, Num(m.mean));
      y += kRowHeight;
    }
  }
  svg += fmt::format(
      "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">role mean (band: ±{:.0f}%)</text>",
      x_of(1), height - 4, tol * 100);
  svg += "<g font-size=\"10\"><rect x=\"" + std::to_string(kLabelWidth + kBarWidth + 10) +
         "\" y=\"4\" width=\"10\" height=\"10\" fill=\"#3a7bd5\"/><text x=\"" +
         std::to_string(kLabelWidth + kBarWidth + 24) + "\" y=\"13\">potential</text><rect x=\"" +
         std::to_string(kLabelWidth + kBarWidth + 10) +
         "\" y=\"20\" width=\"10\" height=\"10\" fill=\"#e08a2c\"/><text x=\"" +
         std::to_string(kLabelWidth + kBarWidth + 24) + "\" y=\"29\">workload</text></g>";
  return svg + "</svg>";
}

void SummaryHtml(const TerritoryOutcome& outcome, std::string& out) {
  const territory::Solution& s = outcome.solution;
  MoveTotals moves = CountMoves(outcome);
  size_t within = 0;
  for (const RepBalance& rep : outcome.balance) within += WithinTolerance(outcome, rep);
  out += "<div class=\"cards\">";
  auto stat = [&](const std::string& number, const char* label) {
    out += "<div class=\"stat\"><div class=\"n\">" + number + "</div><div class=\"l\">" + label +
           "</div></div>";
  };
  stat(std::to_string(outcome.data.problem.units.size()), "units (family × role)");
  stat(std::to_string(within) + " / " + std::to_string(outcome.balance.size()),
       "reps within tolerance");
  stat(fmt::format("{:.2f}%", s.Gap() * 100), "gap to the bound");
  stat(std::to_string(moves.accounts), "accounts change rep");
  stat(fmt::format("{:.1f}%", moves.arr_share * 100), "of owned ARR moves");
  out += "</div>\n";
  out += fmt::format(
      "<section class=\"card\"><p>{} units ({} reps) solved by <b>{}</b>: objective {}, bound "
      "{}, gap {:.2f}%{}.</p><p>{} accounts change rep, carrying ARR {} ({:.1f}% of the owned "
      "ARR) and potential {}.</p>",
      outcome.data.problem.units.size(), outcome.data.problem.reps.size(), HtmlEscape(s.method),
      Num(s.objective), Num(s.bound), s.Gap() * 100, s.proven_optimal ? " (proven optimal)" : "",
      moves.accounts, Num(moves.arr), moves.arr_share * 100, Num(moves.potential));
  std::vector<std::string> notes = outcome.data.notes;
  notes.insert(notes.end(), s.notes.begin(), s.notes.end());
  if (!notes.empty()) {
    out += "<ul>";
    for (const std::string& note : notes) out += "<li class=\"warn\">" + HtmlEscape(note) + "</li>";
    out += "</ul>";
  }
  out += "</section>\n";
}

void RolesHtml(const TerritoryOutcome& outcome, std::string& out) {
  std::map<std::string, std::vector<size_t>> reps_of_role;
  for (size_t r = 0; r < outcome.data.problem.reps.size(); ++r)
    reps_of_role[outcome.data.problem.reps[r].role].push_back(r);
  out += "<h2>Balance per rep</h2>\n";
  for (const auto& [role, reps] : reps_of_role)
    out += "<section class=\"card\"><h3>" + HtmlEscape(role) + "</h3>" +
           RoleBarsSvg(outcome, reps) + "</section>\n";
}

void RegionsHtml(const TerritoryOutcome& outcome, std::string& out) {
  struct Load {
    uint32_t accounts = 0;
    double potential = 0;
  };
  std::map<std::string, std::map<std::string, Load>> regions;  // region -> rep -> load
  const auto& problem = outcome.data.problem;
  for (size_t u = 0; u < problem.units.size(); ++u) {
    int32_t rep = outcome.solution.rep_of_unit[u];
    Load& load = regions[problem.units[u].region][rep < 0 ? "(unassigned)" : problem.reps[rep].id];
    load.accounts += problem.units[u].accounts;
    load.potential += problem.units[u].potential;
  }
  out += "<h2>By region</h2>\n<div class=\"grid\">";
  for (const auto& [region, reps] : regions) {
    out += "<div class=\"tile\"><h3>" + HtmlEscape(region.empty() ? "(no region)" : region) +
           "</h3><table><tr><th>rep</th><th>accounts</th><th>potential</th></tr>";
    for (const auto& [rep, load] : reps)
      out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                         HtmlEscape(rep), load.accounts, Num(load.potential));
    out += "</table></div>";
  }
  out += "</div>\n";
}

void MovesHtml(const TerritoryOutcome& outcome, std::string& out) {
  const TerritoryData& data = outcome.data;
  std::vector<size_t> moved = MovedAccounts(outcome);
  std::stable_sort(moved.begin(), moved.end(), [&](size_t a, size_t b) {
    return data.account_arr[a] + data.account_potential[a] >
           data.account_arr[b] + data.account_potential[b];
  });
  out += fmt::format("<h2>Moves</h2>\n<p class=\"sub\">{} accounts change rep{}.</p>", moved.size(),
                     moved.size() > kMovesShown ? "; the largest are listed (the moves CSV "
                                                  "has all)"
                                                : "");
  if (moved.empty()) return;
  out +=
      "<table><tr><th>account</th><th>family</th><th>role</th><th>from</th><th>to</th>"
      "<th>reason</th><th>potential</th><th>ARR</th></tr>";
  auto rep_id = [&](int32_t rep) { return rep < 0 ? std::string() : data.problem.reps[rep].id; };
  for (size_t i = 0; i < std::min(moved.size(), kMovesShown); ++i) {
    size_t row = moved[i];
    int32_t u = data.unit_of_account[row];
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        HtmlEscape(data.account_ids[row]), HtmlEscape(data.problem.units[u].family),
        HtmlEscape(data.problem.units[u].role), HtmlEscape(rep_id(data.owner_of_account[row])),
        HtmlEscape(rep_id(outcome.solution.rep_of_unit[u])),
        HtmlEscape(AccountReason(outcome, row)), Num(data.account_potential[row]),
        Num(data.account_arr[row]));
  }
  out += "</table>\n";
}

}  // namespace

std::string TerritoryHtml(const TerritoryOutcome& outcome) {
  std::ostringstream start;
  WriteHtmlPageStart(start, "acctseg territories", kStyle);
  std::string out = start.str();
  out += "<h1>Territory plan</h1>\n";
  SummaryHtml(outcome, out);
  RolesHtml(outcome, out);
  RegionsHtml(outcome, out);
  MovesHtml(outcome, out);
  out += "</main></body></html>\n";
  return out;
}

}  // namespace acctseg
