#include "report/quality_format.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/counted.h"
#include "common/quoted_value.h"

namespace acctseg {

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0 || part == whole) return "100%";
  double share = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  // Never round a gap away: 99.96% shows as 99.9%, not 100.0%.
  return fmt::format("{:.1f}%", std::min(share, 99.9));
}

std::string InvalidText(const ColumnQuality& column) {
  std::string text;
  if (column.invalid > 0) {
    std::string lines;
    for (uint64_t line : column.invalid_lines)
      lines += (lines.empty() ? "; line" + std::string(column.invalid > 1 ? "s " : " ") : ", ") +
               std::to_string(line);
    if (column.invalid > column.invalid_lines.size()) lines += ", ...";
    text = column.invalid_issue.empty()
               ? fmt::format("{} (would stop a run{})", column.invalid, lines)
               : fmt::format("{} (issue {}{})", column.invalid, column.invalid_issue, lines);
  }
  if (column.empty_required > 0)
    text += fmt::format("{}{} empty, not_null (would stop a run)", text.empty() ? "" : "; ",
                        column.empty_required);
  return text.empty() ? "0" : text;
}

std::string ValuesText(const ColumnQuality& column) {
  if (column.min) return EscapedValue(*column.min) + " .. " + EscapedValue(*column.max);
  std::string text;
  for (const ValueCount& c : column.top)
    // Shown escaped: a value's newline broke the table, its ESC the terminal.
    text += (text.empty() ? "" : ", ") + EscapedValue(c.value) + " " + std::to_string(c.rows);
  if (column.distinct > column.top.size()) text += ", ...";
  return text;
}

std::string MatchText(const MatchReport& match) {
  return fmt::format("{} rows: {} matched, {} with an unknown key, {} without a key", match.rows,
                     match.rows - match.unmatched - match.without_key, match.unmatched,
                     match.without_key);
}

std::string ExamplesText(const MatchQuality& match) {
  std::string unknown, without;
  for (const auto& e : match.match.unmatched_examples)
    unknown +=
        fmt::format("{}{} (line {})", unknown.empty() ? "" : ", ", QuotedValue(e.key), e.line);
  for (uint64_t line : match.without_key_lines)
    without += fmt::format("{}line {}", without.empty() ? "" : ", ", line);
  std::string text = unknown.empty() ? "" : "unknown keys, e.g. " + unknown;
  if (!without.empty())
    text += (text.empty() ? "" : "; ") + std::string("without a key, e.g. ") + without;
  return text;
}

std::string DuplicatesText(const DuplicateQuality& duplicates) {
  return Counted(duplicates.clusters, "cluster") + ", " + Counted(duplicates.rows, "row");
}

std::string KeyPhrase(const InputQuality& input) {
  if (input.key.empty()) return "";
  return fmt::format("key {}: unique, {} missing", input.key, input.key_missing);
}

}  // namespace acctseg
