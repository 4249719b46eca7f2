// Improvement of a complete assignment by moves (one unit to another rep) and
// swaps (two units trade reps), always within eligibility, max_accounts and
// locks, accepting only changes that lower the objective. Two scales:
// - rep-driven: each rep outside the tolerance is paired with the few reps
//   whose loads deviate the opposite way, and the best move or swap between
//   them is applied; work grows with the reps out of balance, not with the
//   square of the units (the 1M-account case);
// - exhaustive: every move and every swap, then random kicks from the seed
//   kept only when they lead somewhere better (small instances).
// Deterministic for a seed; stops at the deadline.
#pragma once

#include <chrono>
#include <cstdint>

#include "territory/assignment_state.h"

namespace acctseg::territory {

struct SearchLimits {
  std::chrono::steady_clock::time_point deadline;
  uint64_t seed = 1;
  bool exhaustive = false;  // also the all-pairs neighbourhoods and the kicks
};

void ImproveLocally(AssignmentState& state, const SearchLimits& limits);

}  // namespace acctseg::territory
