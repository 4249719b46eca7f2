// A lower bound on the objective that any assignment must pay, cheap enough
// for a million units (the LP relaxation of that size is out of reach; the
// exact MIP reports its own, tighter bound). See docs/planning/solver.md:
// per unit, the least cost of any eligible rep; per rep and measure, what it
// costs at least to bring the load its current owners give it down to the
// top of the tolerance band, shedding its units fractionally, cheapest ARR per
// unit of load first, or paying the penalty instead where that is cheaper.
#pragma once

#include "territory/cost_model.h"

namespace acctseg::territory {

double CheapBound(const CostModel& model);

}  // namespace acctseg::territory
