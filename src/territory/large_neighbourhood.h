// Large-neighbourhood search: frees every unit of a few reps of one role and
// re-solves that part of the plan exactly (the MIP of exact_mip.h restricted
// to those reps), keeping the result when it lowers the objective.
//
// Why: the move cost is discrete (ARR and accounts moved), so moves and
// swaps stop at plans where a better one needs a chain of changes (a unit
// back to its owner, paid for by two smaller ones elsewhere); the exact
// subproblem finds every such chain among the freed reps. The reps are
// chosen by the units they hold of each other's and by opposite deviations
// from the mean, then at random; when none of those helps, every rep of the
// role is opened with only its cheapest units free. Until nothing improves.
//
// Deterministic for a seed (CBC stops at a node limit, not a time limit)
// unless the deadline cuts it short. Each subproblem reads the whole plan, so
// this is for books of thousands of units, not millions.
#pragma once

#include "territory/assignment_state.h"
#include "territory/local_search.h"

namespace acctseg::territory {

void ImproveByNeighbourhoods(AssignmentState& state, const SearchLimits& limits);

}  // namespace acctseg::territory
