// What a plan could not honour, in words for the person reading the report:
// units no rep may take, locks that cannot hold, units bigger than a rep's
// share, reps left outside the tolerance. Read-only over the model.
#pragma once

#include <string>
#include <vector>

#include "territory/cost_model.h"

namespace acctseg::territory {

// Up to three of `names`, then how many more: "a, b, c and 4 more".
std::string Examples(const std::vector<std::string>& names);

// Problems visible before solving (no eligible rep, bad locks, big units).
std::vector<std::string> InputNotes(const CostModel& model);
// Problems of the final plan (reps outside the tolerance, units left out).
std::vector<std::string> PlanNotes(const CostModel& model, const std::vector<int32_t>& rep_of_unit);

}  // namespace acctseg::territory
