// The frame of acctseg's self-contained HTML reports (lift, capacity, ...):
// the head (a Content-Security-Policy that forbids fetching anything, so a
// page opened from disk never reaches out), and the style every report
// shares: page, headings, summary cards, card sections and tables. A
// report adds its own rules (charts, highlights) after the shared ones.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace acctseg {

inline constexpr std::string_view kReportStyle = R"css(
body { margin: 0; background: #f5f6f8; color: #1f2937;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 4px; }
.sub { color: #6b7280; margin: 0 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(185px, 1fr)); gap: 12px; margin: 20px 0; }
.stat { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px 16px; }
.stat .n { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .l { color: #6b7280; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; }
section.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 18px 22px; margin: 18px 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 10px; }
th, td { padding: 4px 9px; border-bottom: 1px solid #eef0f3; text-align: right; white-space: nowrap; }
th { font-size: 12px; color: #6b7280; font-weight: 600; border-bottom: 1px solid #d1d5db; }
th:first-child, td:first-child { text-align: left; }
)css";

// Writes everything up to and including <main>: doctype, charset, CSP,
// viewport, the title (escaped here), and <style> with kReportStyle then
// `style` (the report's own rules, trusted CSS).
void WriteHtmlPageStart(std::ostream& out, std::string_view title, std::string_view style);

// An SVG coordinate or length with one decimal ("12.5", "3.0"): no more is
// ever visible.
std::string SvgNumber(double value);

}  // namespace acctseg
