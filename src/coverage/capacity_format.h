// Number formats shared by the capacity renderers, so a figure reads the
// same in text and HTML. Unknown values (NaN) read "-". Internal to
// src/coverage/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coverage/capacity.h"

namespace acctseg::coverage {

// 1234567.4 -> "1,234,567" (rounded to a whole number, grouped).
std::string Whole(double value);
// Headcount in FTE: 12.345 -> "12.3".
std::string Fte(double value);
// A ratio: 1.2345 -> "1.23".
std::string Ratio(double value);
// A share: 0.15 -> "15%", 0.9642 -> "96.4%".
std::string Percent(double value);
// A rate as the policy or a flag gave it (attrition): as many decimals as it
// has, up to 6: 0.15 -> "15%", 0.9999 -> "99.99%" (Percent said "100%", a
// rate attrition can never be).
std::string ExactPercent(double value);
// A count with its noun, digits grouped: "1 role", "10,000 accounts".
std::string CountOf(uint64_t count, std::string_view noun);
// What the plan covers: "10,000 accounts, 7 roles, attrition 15%" — the
// attrition its staffed roles used: "15% (csm 12%)" naming the roles of
// another rate than the default, "per role (ae 10%, csm 14%)" when none
// uses the default; the default when no role is staffed.
std::string PlanHeadline(const CapacityPlan& plan);

// The figures every line of a plan shows after its names, and their
// column titles: accounts, workload, potential, whitespace, ARR, FTE, reps,
// cost, potential per rep, coverage ratio.
const std::vector<std::string>& FigureNames();
std::vector<std::string> FigureTexts(const CapacityRow& row);

}  // namespace acctseg::coverage
