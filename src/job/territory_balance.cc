#include "job/territory_balance.h"

#include <map>
#include <string>

namespace acctseg {

std::vector<RepBalance> ComputeBalance(const territory::Problem& problem,
                                       const std::vector<int32_t>& rep_of_unit) {
  std::vector<RepBalance> balance(problem.reps.size());
  for (size_t u = 0; u < problem.units.size(); ++u) {
    if (rep_of_unit[u] < 0) continue;
    const territory::Unit& unit = problem.units[u];
    RepBalance& rep = balance[rep_of_unit[u]];
    rep.units += 1;
    rep.accounts += unit.accounts;
    rep.potential += unit.potential;
    rep.workload += unit.workload;
    rep.arr += unit.arr;
  }
  struct RoleTotal {
    double potential = 0, workload = 0;
    size_t reps = 0;
  };
  std::map<std::string, RoleTotal> roles;
  for (size_t r = 0; r < balance.size(); ++r) {
    RoleTotal& total = roles[problem.reps[r].role];
    total.potential += balance[r].potential;
    total.workload += balance[r].workload;
    total.reps += 1;
  }
  auto deviation = [](double load, double mean) { return mean == 0 ? 0 : (load - mean) / mean; };
  for (size_t r = 0; r < balance.size(); ++r) {
    const RoleTotal& total = roles[problem.reps[r].role];
    RepBalance& rep = balance[r];
    rep.potential_mean = total.potential / total.reps;
    rep.workload_mean = total.workload / total.reps;
    rep.potential_deviation = deviation(rep.potential, rep.potential_mean);
    rep.workload_deviation = deviation(rep.workload, rep.workload_mean);
  }
  return balance;
}

}  // namespace acctseg
