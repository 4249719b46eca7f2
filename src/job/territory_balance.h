// Each rep's load under an assignment and how far it sits from its role's
// mean (docs/planning/territories.md, "Balance"): the mean of a role is its
// units' total over its reps (every rep of the role counts, loaded or
// not); a deviation is (load - mean) / mean, 0 when the mean is 0.
#pragma once

#include <cstdint>
#include <vector>

#include "territory/territory.h"

namespace acctseg {

struct RepBalance {
  uint32_t units = 0, accounts = 0;
  double potential = 0, workload = 0, arr = 0;
  double potential_mean = 0, workload_mean = 0;            // of the rep's role
  double potential_deviation = 0, workload_deviation = 0;  // fractions of the mean
};

// One per rep of problem.reps, in that order; units with rep -1 count for none.
std::vector<RepBalance> ComputeBalance(const territory::Problem& problem,
                                       const std::vector<int32_t>& rep_of_unit);

}  // namespace acctseg
