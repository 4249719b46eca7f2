#include "generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>

namespace acctseg::territory::bench {

Problem Generate(const GenerateOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::lognormal_distribution<double> potential_per_account(11, 1.0);  // median ~60k
  std::geometric_distribution<int> extra_accounts(0.6);                // mean 1.67 per family
  Problem problem;
  const char* regions[] = {"AMER", "EMEA", "APAC"};
  uint64_t accounts = 0;
  for (uint64_t family = 0; accounts < options.accounts; ++family) {
    Unit unit;
    unit.family = fmt::format("F{}", family);
    unit.role = uniform(rng) < 0.7 ? "ae" : "csm";
    unit.region = regions[family % 3];
    unit.accounts = static_cast<uint32_t>(
        std::min<uint64_t>(1 + std::min(extra_accounts(rng), 4), options.accounts - accounts));
    for (uint32_t a = 0; a < unit.accounts; ++a) unit.potential += potential_per_account(rng);
    unit.workload = unit.accounts * 10 + unit.potential / 10000 * (0.5 + uniform(rng));
    unit.arr =
        uniform(rng) < options.paying_share ? unit.potential * (0.1 + 0.4 * uniform(rng)) : 0;
    accounts += unit.accounts;
    problem.units.push_back(std::move(unit));
  }
  for (uint32_t r = 0; r < options.reps; ++r) {
    Rep rep;
    rep.id = fmt::format("R{}", r);
    rep.name = fmt::format("Rep {}", r);
    rep.role = r % 10 < 7 ? "ae" : "csm";
    problem.reps.push_back(std::move(rep));
  }
  return problem;
}

void Perturb(Problem& problem, const std::vector<int32_t>& balanced, double share, uint64_t seed,
             bool skewed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<std::vector<int32_t>> reps_of_role(2);
  for (size_t p = 0; p < problem.reps.size(); ++p)
    reps_of_role[problem.reps[p].role == "csm"].push_back(static_cast<int32_t>(p));
  for (size_t u = 0; u < problem.units.size(); ++u) {
    Unit& unit = problem.units[u];
    unit.current_rep = balanced[u];
    const auto& peers = reps_of_role[unit.role == "csm"];
    if (peers.size() < 2 || uniform(rng) >= share) continue;
    size_t choices = skewed ? peers.size() / 2 : peers.size();
    int32_t other = peers[std::uniform_int_distribution<size_t>(0, choices - 1)(rng)];
    // Random: always to another rep. Skewed: a unit may land where it was.
    while (!skewed && other == balanced[u])
      other = peers[std::uniform_int_distribution<size_t>(0, choices - 1)(rng)];
    unit.current_rep = other;
  }
}

}  // namespace acctseg::territory::bench
