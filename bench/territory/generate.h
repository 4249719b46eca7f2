// Synthetic territory problems for the bench: families of 1-5 accounts with
// log-normal potential, a workload loosely tied to potential, ARR on a share
// of them (60% by default), two roles (ae 70% of units, csm 30%) and reps of either role
// covering any region. Deterministic for a seed.
#pragma once

#include <cstdint>

#include "territory/territory.h"

namespace acctseg::territory::bench {

struct GenerateOptions {
  uint64_t accounts = 2000;
  uint32_t reps = 20;
  uint64_t seed = 1;
  double paying_share = 0.6;  // families with ARR; the rest are prospects
};

Problem Generate(const GenerateOptions& options);

// Reassigns `share` of the units (chosen at random) to another rep of the
// same role, as if a balanced plan had drifted: the current owners the next
// plan should keep where it can. Random: to any other rep (loads stay close
// to balanced); skewed: to one of the first half of the role's reps, which
// then carry about 1 + share of the mean and the others 1 - share.
void Perturb(Problem& problem, const std::vector<int32_t>& balanced, double share, uint64_t seed,
             bool skewed);

}  // namespace acctseg::territory::bench
