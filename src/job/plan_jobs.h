// Plans and the run store: saving a plan (territories, capacity) with its
// provenance as the next version of its name, listing, reading one back.
// A plan's payload is its JSON (docs/planning/territories.md, "The plan
// store"); `kind` is that JSON's "kind".
// Errors: acctseg::Error (kStore for the store or a corrupt plan,
// kNotFound for a plan or version that does not exist, listing what there
// is, kUsage for a malformed reference).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "store/plan_record.h"
#include "store/run_store.h"

namespace acctseg {

// `plan_json` made from `plan`'s policy (read at `policy_path`), ready to
// save as `name`: the provenance, kind = plan_json["kind"], info = `summary`
// (what `plan list` shows), payload = plan_json as text.
PlanRecord DescribePlan(const std::string& name, const Plan& plan, const std::string& policy_path,
                        const nlohmann::ordered_json& plan_json, nlohmann::json summary);

// Saves it as the next version of its name; returns "name@version".
// The store is opened by the caller before the work (PolicyRunOptions::
// open_store), so that an unusable one fails before the solve.
std::string SavePlan(RunStore& store, PlanRecord& record);

std::vector<PlanRecord> ListPlans(const std::string& store);
PlanRecord GetPlan(const std::string& store, const std::string& reference);

// The payload parsed; Error(kStore) naming the plan if it is not JSON.
nlohmann::ordered_json PlanJson(const PlanRecord& record);

}  // namespace acctseg
