// The construction heuristic: locked units first, then (when owners are kept)
// every unit with its current owner where that owner is eligible and has
// room, then the rest largest first, each to the eligible rep where it costs
// least (the least loaded one among equals). Deterministic.
#pragma once

#include "territory/assignment_state.h"

namespace acctseg::territory {

void PlaceGreedy(AssignmentState& state);

}  // namespace acctseg::territory
