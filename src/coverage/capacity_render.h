// A capacity plan as a person or a program reads it: text (per role, then
// per role x region, then the what-if), JSON (the plan store and `plan
// diff` read it: {"kind":"capacity","rows":[...],"roles":[...],...}), one
// self-contained HTML page with inline SVG charts (no script, no URL), and
// the what-if's uncovered accounts as CSV. Every renderer is a pure
// function of the plan.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "coverage/capacity.h"

namespace acctseg::coverage {

void RenderCapacityText(const CapacityPlan& plan, std::ostream& out);
void RenderCapacityJson(const CapacityPlan& plan, std::ostream& out);
// What RenderCapacityJson writes, as a value (what the plan store saves).
nlohmann::ordered_json CapacityPlanJson(const CapacityPlan& plan);
void RenderCapacityHtml(const CapacityPlan& plan, std::ostream& out);
// account,role,region,tier,rank,workload_hours,potential,whitespace,arr;
// one line per uncovered account (none without a what-if).
void RenderUncoveredCsv(const CapacityPlan& plan, std::ostream& out);

}  // namespace acctseg::coverage
