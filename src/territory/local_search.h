// Improvement of a complete assignment by moves (one unit to another rep) and
// swaps (two units trade reps), always within eligibility, max_accounts and
// locks, accepting only changes that lower the objective. Two scales:
// - scalable, in rounds: reps beyond their band shed units (cheapest per unit
//   of load first) to the least loaded reps, reps below pull from the most
//   loaded; reps still outside are paired with the reps deviating the other
//   way for the best-priced move or swap; units away from their owner go
//   back or trade places. Work grows with the units moved, not with the
//   square of the units (the 1M-account case);
// - exhaustive (books of thousands of units): every move and every swap,
//   until none helps. What they cannot reach (chains of changes) is left to
//   the neighbourhood search of large_neighbourhood.h.
// Deterministic for a seed unless the deadline cuts it short.
#pragma once

#include <chrono>
#include <cstdint>

#include "territory/assignment_state.h"

namespace acctseg::territory {

struct SearchLimits {
  std::chrono::steady_clock::time_point deadline;
  uint64_t seed = 1;
  bool exhaustive = false;  // also the all-pairs neighbourhoods
};

void ImproveLocally(AssignmentState& state, const SearchLimits& limits);

}  // namespace acctseg::territory
