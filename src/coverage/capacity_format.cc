#include "coverage/capacity_format.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "common/counted.h"
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
namespace {

// The share as a percent with at most `decimals` decimals, trailing zeros dropped.
std::string PercentWith(double value, int decimals) {
  if (std::isnan(value)) return "-";
  std::string text = Fixed(value * 100, decimals);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text + "%";
}

}  // namespace

std::string Percent(double value) { return PercentWith(value, 1); }

std::string ExactPercent(double value) {
  // The fewest decimals that write the rate as given; 0.15 needs none.
  constexpr int kMostDecimals = 6;
  double scaled = value * 100;
  for (int decimals = 0; decimals < kMostDecimals; ++decimals, scaled *= 10)
    if (std::abs(scaled - std::round(scaled)) < 1e-6) return PercentWith(value, decimals);
  return PercentWith(value, kMostDecimals);
}

std::string CountOf(uint64_t count, std::string_view noun) {
  std::string text = Counted(count, noun);
  const size_t space = text.find(' ');
  return GroupDigits(std::string_view(text).substr(0, space)) + text.substr(space);
}

std::string PlanHeadline(const CapacityPlan& plan) {
  // The attrition the staffed roles were computed with, not the section's
  // default alone: "attrition 0%" over a plan whose only role used 14%
  // misled. Roles of another rate than the default are named.
  std::set<double> used;
  bool default_used = false;
  std::string others;
  for (const RolePlan& role : plan.roles) {
    if (role.capacity.hours_per_year <= 0) continue;  // unstaffed: no productivity to lose
    used.insert(role.attrition);
    if (role.attrition == plan.attrition) {
      default_used = true;
      continue;
    }
    others +=
        (others.empty() ? "" : ", ") + role.capacity.role + " " + ExactPercent(role.attrition);
  }
  std::string attrition = ExactPercent(plan.attrition);
  if (used.size() == 1)
    attrition = ExactPercent(*used.begin());
  else if (used.size() > 1)
    attrition = default_used ? attrition + " (" + others + ")" : "per role (" + others + ")";
  return CountOf(plan.total.accounts, "account") + ", " + CountOf(plan.roles.size(), "role") +
         ", attrition " + attrition;
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
