#include "territory/bound.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace acctseg::territory {

namespace {

// What a rep whose kept units load it beyond the band pays at least: shed
// load s fractionally in order of cost per load, paying (excess - s) / mean
// as penalty for the rest; the optimum sheds while a unit of load costs less
// than 1 / mean. shed is {cost, amount} per unit that may leave.
double OverloadBound(double excess, double mean, std::vector<std::pair<double, double>>& shed) {
  std::sort(shed.begin(), shed.end(), [](const auto& a, const auto& b) {
    return a.first * b.second < b.first * a.second;  // cost / amount, without dividing by 0
  });
  double bound = 0;
  for (auto [cost, amount] : shed) {
    if (excess <= 0 || cost >= amount / mean) break;
    double part = std::min(1.0, excess / amount);
    bound += part * cost;
    excess -= part * amount;
  }
  return bound + std::max(0.0, excess) / mean;
}

}  // namespace

double CheapBound(const CostModel& model) {
  const Problem& problem = model.problem();
  // Per unit: the least it costs anywhere. Beyond that floor, leaving its
  // owner costs at least the move cost minus the floor.
  double bound = 0;
  std::vector<double> extra_to_leave(model.unit_count(), 0);
  std::vector<bool> may_stay(model.unit_count(), false);
  for (size_t u = 0; u < model.unit_count(); ++u) {
    auto eligible = model.Eligible(u);
    if (eligible.empty()) continue;
    double floor = std::numeric_limits<double>::infinity(), leave = floor;
    int32_t owner = problem.units[u].current_rep;
    for (int32_t q : eligible) {
      double cost = model.UnitCost(u, q);
      floor = std::min(floor, cost);
      if (q != owner) leave = std::min(leave, cost);
      if (q == owner) may_stay[u] = true;
    }
    // Leaving the unit out is also a way to leave (costly, but possible).
    floor = std::min(floor, model.UnitCost(u, -1));
    leave = std::min(leave, model.UnitCost(u, -1));
    bound += floor;
    extra_to_leave[u] = model.Fixed(u) ? std::numeric_limits<double>::infinity() : leave - floor;
  }
  // Per rep: the load its owned units bring if they all stay.
  std::vector<std::vector<size_t>> owned(model.rep_count());
  for (size_t u = 0; u < model.unit_count(); ++u)
    if (may_stay[u]) owned[problem.units[u].current_rep].push_back(u);
  std::vector<std::pair<double, double>> shed;
  for (size_t p = 0; p < model.rep_count(); ++p) {
    double rep_bound = 0;
    for (int m = 0; m < kMeasures; ++m) {
      double mean = model.Mean(static_cast<int32_t>(p), m);
      if (mean <= 0) continue;
      double load = 0;
      shed.clear();
      for (size_t u : owned[p]) {
        load += model.Amount(u, m);
        if (model.Amount(u, m) > 0 && extra_to_leave[u] < std::numeric_limits<double>::infinity())
          shed.emplace_back(extra_to_leave[u], model.Amount(u, m));
      }
      double excess = load - (1 + model.options().tolerance) * mean;
      if (excess > 0) rep_bound = std::max(rep_bound, OverloadBound(excess, mean, shed));
    }
    bound += rep_bound;
  }
  return bound;
}

}  // namespace acctseg::territory
