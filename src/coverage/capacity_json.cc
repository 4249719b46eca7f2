// The JSON capacity plan, the shape the plan store keeps and `plan diff`
// compares: {"kind":"capacity","attrition","rows":[...],"roles":[...],
// "total":{...},"whatif":{...}|null,"notes":[...]}. Numbers are numbers,
// derived ones rounded to 4 decimals so that a plan reads the same on
// every machine; unknown ones (an unstaffed role's ratios) are null.
#include <cmath>

#include "coverage/capacity_render.h"

namespace acctseg::coverage {
namespace {

using Json = nlohmann::ordered_json;

Json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  double rounded = std::round(value * 1e4) / 1e4;
  return rounded == 0 ? 0.0 : rounded;  // never -0
}

Json RowJson(const CapacityRow& row) {
  Json j;
  j["role"] = row.role;
  j["region"] = row.region;
  j["accounts"] = row.accounts;
  j["workload_hours"] = Number(row.workload_hours);
  j["potential"] = Number(row.potential);
  j["whitespace"] = Number(row.whitespace);
  j["arr"] = Number(row.arr);
  j["staffed"] = row.staffed;
  j["headcount_needed"] = row.staffed ? Number(row.headcount_needed) : Json(nullptr);
  j["reps"] = row.staffed ? Json(row.reps) : Json(nullptr);
  j["headcount_cost"] = row.staffed ? Number(row.headcount_cost) : Json(nullptr);
  j["potential_per_rep"] = Number(row.potential_per_rep);
  j["quota_per_rep"] = Number(row.quota_per_rep);
  j["quota_capacity"] = row.staffed ? Number(row.quota_capacity) : Json(nullptr);
  j["coverage_ratio"] = Number(row.coverage_ratio);
  return j;
}

Json RoleJson(const RolePlan& role) {
  Json j = RowJson(role.total);
  j.erase("region");
  const RoleCapacity& capacity = role.capacity;
  j["hours_per_year"] = Number(capacity.hours_per_year);
  j["ramp_months"] = Number(capacity.ramp_months);
  j["attrition"] = role.attrition;  // as given (an input): rounded, 0.99999 read 1.0
  j["productivity"] = Number(role.productivity);
  j["effective_hours_per_rep"] = Number(role.effective_hours_per_rep);
  j["cost_per_rep"] = Number(capacity.cost);
  j["headcount"] = capacity.headcount ? Number(*capacity.headcount) : Json(nullptr);
  j["headcount_gap"] = Number(role.headcount_gap);
  return j;
}

Json WhatIfJson(const WhatIf& whatif) {
  Json roles = Json::array();
  for (const RoleWhatIf& role : whatif.roles) {
    Json r;
    r["role"] = role.role;
    r["headcount"] = Number(role.headcount);
    r["capacity_hours"] = Number(role.capacity_hours);
    r["workload_hours"] = Number(role.workload_hours);
    r["headcount_needed"] = Number(role.headcount_needed);
    r["accounts"] = role.accounts;
    r["covered"] = role.covered;
    r["uncovered"] = role.uncovered;
    r["covered_hours"] = Number(role.covered_hours);
    r["uncovered_hours"] = Number(role.uncovered_hours);
    r["covered_potential"] = Number(role.covered_potential);
    r["uncovered_potential"] = Number(role.uncovered_potential);
    r["uncovered_whitespace"] = Number(role.uncovered_whitespace);
    r["uncovered_arr"] = Number(role.uncovered_arr);
    Json tiers = Json::array();
    for (const TierLoss& tier : role.tiers)
      tiers.push_back({{"tier", tier.tier},
                       {"accounts", tier.accounts},
                       {"uncovered", tier.uncovered},
                       {"uncovered_potential", Number(tier.uncovered_potential)},
                       {"uncovered_whitespace", Number(tier.uncovered_whitespace)},
                       {"uncovered_arr", Number(tier.uncovered_arr)}});
    r["tiers"] = std::move(tiers);
    roles.push_back(std::move(r));
  }
  return {
      {"ranking", "tier, then potential (largest first), then ARR (largest first), then account"},
      {"roles", std::move(roles)}};
}

}  // namespace

nlohmann::ordered_json CapacityPlanJson(const CapacityPlan& plan) {
  Json j;
  j["kind"] = "capacity";
  j["attrition"] = plan.attrition;  // as given, like each role's
  j["formula"] =
      "headcount_needed = workload_hours / (hours_per_year * (1 - attrition * ramp_months / 24))";
  Json rows = Json::array();
  for (const CapacityRow& row : plan.rows) rows.push_back(RowJson(row));
  j["rows"] = std::move(rows);
  Json roles = Json::array();
  for (const RolePlan& role : plan.roles) roles.push_back(RoleJson(role));
  j["roles"] = std::move(roles);
  Json total = RowJson(plan.total);
  total.erase("role");
  total.erase("region");
  j["total"] = std::move(total);
  j["whatif"] = plan.whatif ? WhatIfJson(*plan.whatif) : Json(nullptr);
  j["notes"] = plan.notes;
  return j;
}

void RenderCapacityJson(const CapacityPlan& plan, std::ostream& out) {
  out << CapacityPlanJson(plan).dump(2) << '\n';
}

}  // namespace acctseg::coverage
