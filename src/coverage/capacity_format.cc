#include "coverage/capacity_format.h"

#include <cmath>
#include <cstdio>

#include "common/group_digits.h"

namespace acctseg::coverage {
namespace {

std::string Fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  // "-0" and "-0.0" are zero.
  if (std::string_view(text).find_first_not_of("-0.") == std::string_view::npos && text[0] == '-')
    return GroupDigits(text + 1);
  return GroupDigits(text);
}

}  // namespace

std::string Whole(double value) { return Fixed(value, 0); }
std::string Fte(double value) { return Fixed(value, 1); }
std::string Ratio(double value) { return Fixed(value, 2); }
std::string Percent(double value) {
  if (std::isnan(value)) return "-";
  std::string text = Fixed(value * 100, 1);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text + "%";
}

const std::vector<std::string>& FigureNames() {
  static const std::vector<std::string> names = {
      "accounts", "workload h", "potential", "whitespace",    "arr",
      "FTE",      "reps",       "cost",      "potential/rep", "coverage"};
  return names;
}

std::vector<std::string> FigureTexts(const CapacityRow& row) {
  return {Whole(static_cast<double>(row.accounts)),
          Whole(row.workload_hours),
          Whole(row.potential),
          Whole(row.whitespace),
          Whole(row.arr),
          row.staffed ? Fte(row.headcount_needed) : "-",
          row.staffed ? Whole(static_cast<double>(row.reps)) : "-",
          row.staffed ? Whole(row.headcount_cost) : "-",
          Whole(row.potential_per_rep),
          Ratio(row.coverage_ratio)};
}

}  // namespace acctseg::coverage
