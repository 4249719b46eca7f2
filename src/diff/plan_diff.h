// What changed between two stored plans of the same kind, from their JSON
// payloads (docs/planning/territories.md, "Comparing plans"):
//   territories: the units (a family's accounts of one role) whose rep
//     changed, with the accounts, ARR and potential they carry, units only
//     in one plan, and each rep's accounts, potential, workload and ARR
//     before, after and the change;
//   capacity: for each role × region row (and each role's totals), every
//     numeric field before, after and the change; rows only in one plan
//     have null on the other side.
// Errors: acctseg::Error(kUsage) when the kinds differ or are not one of
// these two.
#pragma once

#include <nlohmann/json.hpp>

namespace acctseg {

nlohmann::ordered_json DiffPlanJson(const nlohmann::ordered_json& before,
                                    const nlohmann::ordered_json& after);

}  // namespace acctseg
