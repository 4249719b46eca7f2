// The text lift report: the overall rate, the top findings in words, then
// one aligned table per attribute, strongest attribute first.
#include <algorithm>

#include "learn/lift_format.h"
#include "learn/lift_render.h"

namespace acctseg::learn {
namespace {

constexpr size_t kTopFindings = 5;
constexpr const char* kNone = "-";

// Columns padded to their widest cell: the first left-aligned, numbers
// right-aligned, the last (notes) left-aligned and unpadded.
void PrintAligned(const std::vector<std::vector<std::string>>& lines, std::ostream& out) {
  std::vector<size_t> width;
  // Width in characters, not bytes: "–" is three bytes of UTF-8.
  auto length = [](const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  for (const auto& line : lines)
    for (size_t c = 0; c < line.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], length(line[c]));
    }
  for (const auto& line : lines) {
    std::string text = "  ";
    for (size_t c = 0; c < line.size(); ++c) {
      std::string pad(width[c] - length(line[c]), ' ');
      bool last = c + 1 == line.size();
      if (c == 0)
        text += line[c] + pad;
      else if (last)
        text += "  " + line[c];
      else
        text += "  " + pad + line[c];
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  }
}

void AddMeasureCells(const std::optional<MeasureCell>& cell, std::vector<std::string>& line) {
  if (!cell) return;
  if (cell->sample.n == 0) {
    line.insert(line.end(), {kNone, kNone, kNone});
    return;
  }
  if (!cell->tested) {
    line.insert(line.end(), {Amount(cell->sample.mean), MeasureVersusOverall(*cell), kNone});
    return;
  }
  line.push_back(Amount(cell->sample.mean) + " [" + Amount(cell->mean_ci.low) + "–" +
                 Amount(cell->mean_ci.high) + "]");
  line.push_back(MeasureVersusOverall(*cell));
  line.push_back(PValue(cell->q) + (cell->significant ? " *" : "  "));
}

void PrintAttribute(const LiftReport& report, const LiftAttribute& attribute, std::ostream& out) {
  out << '\n' << attribute.name << " (" << attribute.description << ")\n";
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> header = {"value",         "deals", "wins", "win rate [95% CI]",
                                     "lift [95% CI]", "p",     "q"};
  if (report.amount) header.insert(header.end(), {"won amount [95% CI]", "x overall", "q"});
  if (report.cycle) header.insert(header.end(), {"days to close [95% CI]", "x overall", "q"});
  header.push_back("");
  lines.push_back(header);
  for (const LiftRow& row : attribute.rows) {
    std::vector<std::string> line = {row.label, Count(row.deals), Count(row.wins)};
    if (row.tested)
      line.insert(line.end(), {RateWithInterval(row.rate, row.rate_ci),
                               RatioWithInterval(row.lift, row.lift_ci), PValue(row.p),
                               PValue(row.q) + (row.significant ? " *" : "  ")});
    else
      line.insert(line.end(), {Percent(row.rate), Ratio(row.lift), kNone, kNone});
    AddMeasureCells(row.amount, line);
    AddMeasureCells(row.cycle, line);
    line.push_back(row.note);
    lines.push_back(line);
  }
  PrintAligned(lines, out);
}

void PrintFindings(const LiftReport& report, int which, const char* title, std::ostream& out) {
  std::vector<LiftFinding> top = TopFindings(report, which, kTopFindings);
  out << '\n' << title << '\n';
  if (top.empty()) out << "  none significant after correction\n";
  for (size_t i = 0; i < top.size(); ++i)
    out << "  " << i + 1 << ". " << FindingText(report, top[i], which) << '\n';
}

void PrintMeasure(const std::optional<MeasureSummary>& measure, const char* what,
                  std::ostream& out) {
  if (!measure) return;
  out << what << " (\"" << measure->name
      << "\", won deals with a value: " << Count(measure->overall.n) << "): mean "
      << Amount(measure->overall.mean);
  if (measure->overall.n >= 2)
    out << " [" << Amount(measure->mean_ci.low) << "–" << Amount(measure->mean_ci.high) << "]";
  out << '\n';
}

}  // namespace

void RenderLiftText(const LiftReport& report, std::ostream& out) {
  out << "Lift of \"" << report.outcome << "\": " << Count(report.deals) << " deals, "
      << Count(report.wins) << " won, win rate "
      << RateWithInterval(report.base_rate, report.base_ci) << '\n';
  PrintMeasure(report.amount, "Average won amount", out);
  PrintMeasure(report.cycle, "Days to close", out);
  PrintFindings(report, 0, "Top findings (win rate, significant after correction)", out);
  if (report.amount) PrintFindings(report, 1, "Average won amount (significant)", out);
  if (report.cycle) PrintFindings(report, 2, "Days to close of won deals (significant)", out);
  for (const LiftAttribute& attribute : report.attributes) PrintAttribute(report, attribute, out);
  out << '\n' << MethodText(report) << '\n';
}

}  // namespace acctseg::learn
