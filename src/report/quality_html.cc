// The quality report as one HTML page: inline CSS, no script, no URL;
// completeness drawn as CSS bars. Every value from data or the policy goes
// through HtmlEscape.
#include <fmt/format.h>

#include "common/html_escape.h"
#include "report/quality_format.h"
#include "report/quality_report.h"

namespace acctseg {
namespace {

constexpr const char* kStyle = R"(<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;color:#555}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:8em;height:.7em;background:#f1d4d4;border-radius:3px;vertical-align:middle;margin-right:.4em}
.bar span{display:block;height:100%;background:#3a7bd5;border-radius:3px}
.warn{color:#b03a2e}.sub{color:#666}code{background:#f5f5f5;padding:0 .2em}
</style>)";

std::string Bar(uint64_t part, uint64_t whole) {
  double width = whole == 0 ? 100.0 : 100.0 * static_cast<double>(part) / whole;
  return fmt::format("<span class=\"bar\"><span style=\"width:{:.1f}%\"></span></span>", width);
}

void InputHtml(const InputQuality& input, std::ostream& out) {
  out << "<section class=\"card\"><h2>" << HtmlEscape(input.name) << " <span class=\"sub\">"
      << HtmlEscape(input.path) << " \u00b7 " << input.rows << " rows";
  if (!input.key.empty()) out << " \u00b7 " << HtmlEscape(KeyPhrase(input));
  out << "</span></h2><table><thead><tr><th>column</th><th>type</th><th>complete</th>"
         "<th>invalid</th><th>distinct</th><th>top values / range</th></tr></thead><tbody>";
  for (const ColumnQuality& c : input.columns)
    out << "<tr><td><code>" << HtmlEscape(c.name) << "</code></td><td>" << HtmlEscape(c.type)
        << "</td><td>" << Bar(c.present, input.rows) << Percent(c.present, input.rows)
        << "</td><td class=\"n" << (c.invalid > 0 || c.empty_required > 0 ? " warn" : "") << "\">"
        << HtmlEscape(InvalidText(c)) << "</td><td class=\"n\">" << c.distinct << "</td><td>"
        << HtmlEscape(ValuesText(c)) << "</td></tr>";
  out << "</tbody></table><p>issues: ";
  if (input.issues.empty()) out << "none";
  for (size_t i = 0; i < input.issues.size(); ++i)
    out << (i ? ", " : "") << "<code>" << HtmlEscape(input.issues[i].code) << "</code> "
        << input.issues[i].rows;
  out << "</p></section>";
}

}  // namespace

void RenderQualityHtml(const QualityReport& report, std::ostream& out) {
  out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>acctseg quality: "
      << HtmlEscape(report.policy) << "</title>" << kStyle << "</head><body><h1>Data quality of "
      << HtmlEscape(report.policy) << "</h1>";
  if (!report.as_of.empty()) out << "<p class=\"sub\">as of " << HtmlEscape(report.as_of) << "</p>";
  for (const InputQuality& input : report.inputs) InputHtml(input, out);
  if (!report.matches.empty()) {
    out << "<section class=\"card\"><h2>Keys without a match</h2><table><tbody>";
    for (const MatchQuality& quality : report.matches) {
      const MatchReport& m = quality.match;
      out << "<tr><td>" << HtmlEscape(m.step) << "</td><td><code>"
          << HtmlEscape(m.from + "." + m.by) << "</code></td><td>"
          << Bar(m.rows - m.unmatched - m.without_key, m.rows) << HtmlEscape(MatchText(m));
      std::string examples = ExamplesText(quality);
      if (!examples.empty())
        out << "<br><span class=\"warn\">" << HtmlEscape(examples) << "</span>";
      out << "</td></tr>";
    }
    out << "</tbody></table></section>";
  }
  if (!report.duplicates.empty()) {
    out << "<section class=\"card\"><h2>Duplicates found</h2><table><tbody>";
    for (const DuplicateQuality& d : report.duplicates) {
      out << "<tr><td>" << HtmlEscape(d.step) << "</td><td><code>" << HtmlEscape(d.column)
          << "</code></td><td>" << HtmlEscape(DuplicatesText(d));
      for (size_t i = 0; i < d.largest.size(); ++i)
        out << (i ? ", " : "<br>largest: ") << HtmlEscape(d.largest[i].value) << " ("
            << d.largest[i].rows << ")";
      out << "</td></tr>";
    }
    out << "</tbody></table></section>";
  }
  out << "</body></html>\n";
}

}  // namespace acctseg
