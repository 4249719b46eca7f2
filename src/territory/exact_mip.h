// The exact method: the assignment as a mixed-integer program solved by
// COIN-OR CBC, started from the heuristic's plan, with CBC's proven lower
// bound. One binary per (unit, eligible rep), one free-or-unassigned slack
// per unit when some rep has max_accounts, and over/under excess variables
// per rep and balanced measure, weighted exactly as CostModel weighs them.
// Thread-safe (each call owns its CBC model); CBC's log is silenced.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "territory/cost_model.h"

namespace acctseg::territory {

struct ExactResult {
  bool found = false;  // an integer solution exists (at least the start)
  bool proven_optimal = false;
  std::vector<int32_t> rep_of_unit;
  double bound = 0;  // a lower bound on CostModel::Evaluate of any plan
  std::string status;
};

ExactResult SolveExact(const CostModel& model, const std::vector<int32_t>& start,
                       double time_limit_s, int threads);

}  // namespace acctseg::territory
