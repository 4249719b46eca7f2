// The quality report as aligned text for a terminal.
#include <fmt/format.h>

#include <algorithm>

#include "common/counted.h"
#include "report/quality_format.h"
#include "report/quality_report.h"

namespace acctseg {
namespace {

void InputText(const InputQuality& input, std::ostream& out) {
  out << fmt::format("{} ({}): {}", input.name, input.path, Counted(input.rows, "row"));
  if (!input.key.empty()) out << "; " << KeyPhrase(input);
  out << "\n";
  size_t name_width = 6, type_width = 4, invalid_width = 7;
  for (const ColumnQuality& c : input.columns) {
    name_width = std::max(name_width, c.name.size());
    type_width = std::max(type_width, c.type.size());
    invalid_width = std::max(invalid_width, InvalidText(c).size());
  }
  out << fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>{}}  {:>8}  {}\n", "column", name_width, "type",
                     type_width, "complete", "invalid", invalid_width, "distinct", "values");
  for (const ColumnQuality& c : input.columns)
    out << fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>{}}  {:>8}  {}\n", c.name, name_width, c.type,
                       type_width, Percent(c.present, input.rows), InvalidText(c), invalid_width,
                       c.distinct, ValuesText(c));
  if (input.issues.empty()) {
    out << "  issues: none\n";
  } else {
    out << "  issues:";
    for (const IssueCount& issue : input.issues) out << " " << issue.code << " " << issue.rows;
    out << "\n";
  }
}

}  // namespace

void RenderQualityText(const QualityReport& report, std::ostream& out) {
  out << "data quality of policy " << report.policy;
  if (!report.as_of.empty()) out << " (as of " << report.as_of << ")";
  out << "\n";
  for (const InputQuality& input : report.inputs) {
    out << "\n";
    InputText(input, out);
  }
  if (!report.matches.empty()) {
    out << "\nkeys without a match\n";
    for (const MatchQuality& quality : report.matches) {
      const MatchReport& match = quality.match;
      out << "  " << match.step << ": " << match.from << "." << match.by << ", " << MatchText(match)
          << "\n";
      std::string examples = ExamplesText(quality);
      if (!examples.empty()) out << "    " << examples << "\n";
    }
  }
  if (!report.duplicates.empty()) {
    out << "\nduplicates found\n";
    for (const DuplicateQuality& d : report.duplicates) {
      out << "  " << d.step << ": " << d.column << ", " << DuplicatesText(d) << "\n";
      if (!d.largest.empty()) {
        out << "    largest:";
        for (const ValueCount& c : d.largest) out << " " << c.value << " (" << c.rows << ")";
        out << "\n";
      }
    }
  }
}

}  // namespace acctseg
