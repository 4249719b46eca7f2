// How a value of a summary dimension (segment, tier, region, ...) is named
// in summaries and reports: its text, and "(none)" for NULL. A text that is
// itself "(none)" (a CRM picklist's value) is written "\"(none)\"", so
// that the two never share a group: they had been counted as one, and a
// move between them was no move.
#pragma once

#include <string>
#include <string_view>

namespace acctseg {

// How a NULL dimension value appears in a summary or a report.
inline constexpr std::string_view kNoneValue = "(none)";

// The name of a dimension's text value (not NULL).
inline std::string DimensionValueName(std::string_view text) {
  return text == kNoneValue ? "\"" + std::string(text) + "\"" : std::string(text);
}

}  // namespace acctseg
