#include "territory/cost_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <unordered_map>

namespace acctseg::territory {

bool RepAllows(const Rep& rep, const Unit& unit) {
  if (rep.role != unit.role) return false;
  if (rep.regions.empty()) return true;
  return std::find(rep.regions.begin(), rep.regions.end(), unit.region) != rep.regions.end();
}

namespace {

bool ValidRep(int32_t rep, size_t rep_count) {
  return rep >= 0 && static_cast<size_t>(rep) < rep_count;
}

}  // namespace

CostModel::CostModel(const Problem& problem, const Options& options)
    : problem_(problem), options_(options) {
  const size_t units = problem.units.size(), reps = problem.reps.size();
  // Units share their eligible-rep list by (role, region): a million units
  // have a handful of distinct lists.
  std::unordered_map<std::string, int32_t> class_index;
  class_of_unit_.assign(units, -1);
  fixed_.assign(units, false);
  fixed_list_.assign(units, -1);
  for (size_t u = 0; u < units; ++u) {
    const Unit& unit = problem.units[u];
    if (unit.locked && ValidRep(unit.current_rep, reps)) {
      fixed_[u] = true;
      fixed_list_[u] = unit.current_rep;
      continue;
    }
    std::string key = unit.role + '\x1f' + unit.region;
    auto [it, added] = class_index.try_emplace(key, static_cast<int32_t>(classes_.size()));
    if (added) {
      std::vector<int32_t> eligible;
      for (size_t p = 0; p < reps; ++p)
        if (RepAllows(problem.reps[p], unit)) eligible.push_back(static_cast<int32_t>(p));
      classes_.push_back(std::move(eligible));
    }
    class_of_unit_[u] = it->second;
  }

  std::unordered_map<std::string, size_t> role_index;
  role_of_rep_.resize(reps);
  for (size_t p = 0; p < reps; ++p) {
    auto [it, added] = role_index.try_emplace(problem.reps[p].role, reps_of_role_.size());
    if (added) reps_of_role_.emplace_back();
    reps_of_role_[it->second].push_back(static_cast<int32_t>(p));
    role_of_rep_[p] = it->second;
  }

  // Role means over the units that can be placed at all.
  std::unordered_map<std::string, std::pair<std::array<double, kMeasures>, int>> role_totals;
  for (const Rep& rep : problem.reps) role_totals[rep.role].second++;
  double total_arr = 0, total_accounts = 0, total_potential = 0;
  for (size_t u = 0; u < units; ++u) {
    const Unit& unit = problem.units[u];
    if (!Fixed(u) && Eligible(u).empty()) continue;
    auto it = role_totals.find(unit.role);
    if (it != role_totals.end()) {
      it->second.first[0] += unit.potential;
      it->second.first[1] += unit.workload;
    }
    if (ValidRep(unit.current_rep, reps)) {
      total_arr += unit.arr;
      total_accounts += unit.accounts;
    }
    total_potential += unit.potential;
  }
  const bool balanced[kMeasures] = {options.balance_potential, options.balance_workload};
  mean_.assign(reps * kMeasures, 0);
  for (size_t p = 0; p < reps; ++p) {
    const auto& [totals, count] = role_totals[problem.reps[p].role];
    for (int m = 0; m < kMeasures; ++m)
      if (balanced[m] && totals[m] > 0) mean_[p * kMeasures + m] = totals[m] / count;
  }

  // Moving is charged by share of ARR, plus a tenth as much by share of
  // accounts so that moving prospects (no ARR) is cheap but not free;
  // geography by share of potential.
  move_cost_.assign(units, 0);
  amount_.resize(units * kMeasures);
  owner_.resize(units);
  accounts_.resize(units);
  placeable_.resize(units);
  for (size_t u = 0; u < units; ++u) {
    const Unit& unit = problem.units[u];
    amount_[u * kMeasures] = unit.potential;
    amount_[u * kMeasures + 1] = unit.workload;
    owner_[u] = unit.current_rep;
    accounts_[u] = unit.accounts;
    placeable_[u] = Fixed(u) || !Eligible(u).empty();
  }
  geo_cost_.assign(units, 0);
  for (size_t u = 0; u < units; ++u) {
    const Unit& unit = problem.units[u];
    if (options.keep_owners && ValidRep(unit.current_rep, reps)) {
      if (total_arr > 0) move_cost_[u] += unit.arr / total_arr;
      if (total_accounts > 0) move_cost_[u] += kAccountMoveWeight * unit.accounts / total_accounts;
    }
    if (options.geo_weight > 0 && total_potential > 0)
      geo_cost_[u] = options.geo_weight * unit.potential / total_potential;
  }
  std::unordered_map<std::string, int32_t> geo_index;
  auto geo_id = [&](const std::string& geo) {
    return geo_index.try_emplace(geo, static_cast<int32_t>(geo_index.size())).first->second;
  };
  geo_of_unit_.assign(units, -1);
  home_of_rep_.assign(reps, {});
  if (options.geo_weight > 0) {
    for (size_t u = 0; u < units; ++u)
      if (!problem.units[u].geo.empty()) geo_of_unit_[u] = geo_id(problem.units[u].geo);
    for (size_t p = 0; p < reps; ++p) {
      for (const std::string& geo : problem.reps[p].home_geos)
        home_of_rep_[p].push_back(geo_id(geo));
      std::sort(home_of_rep_[p].begin(), home_of_rep_[p].end());
    }
  }
}

std::span<const int32_t> CostModel::Eligible(size_t unit) const {
  if (fixed_[unit]) return {&fixed_list_[unit], 1};
  const auto& list = classes_[class_of_unit_[unit]];
  return {list.data(), list.size()};
}

double CostModel::RepPenalty(int32_t rep, const double* loads) const {
  double penalty = 0;
  for (int m = 0; m < kMeasures; ++m) penalty += MeasurePenalty(rep, m, loads[m]);
  return penalty;
}

double CostModel::RelativeSize(size_t unit) const {
  auto eligible = Eligible(unit);
  if (eligible.empty()) return 0;
  double size = 0;
  for (int m = 0; m < kMeasures; ++m) {
    double mean = Mean(eligible[0], m);
    if (mean > 0) size += Amount(unit, m) / mean;
  }
  return size;
}

void CostModel::Loads(const std::vector<int32_t>& rep_of_unit, std::vector<double>& loads,
                      std::vector<uint32_t>& accounts) const {
  loads.assign(rep_count() * kMeasures, 0);
  accounts.assign(rep_count(), 0);
  for (size_t u = 0; u < unit_count(); ++u) {
    int32_t p = rep_of_unit[u];
    if (p < 0) continue;
    for (int m = 0; m < kMeasures; ++m) loads[p * kMeasures + m] += Amount(u, m);
    accounts[p] += accounts_[u];
  }
}

double CostModel::Evaluate(const std::vector<int32_t>& rep_of_unit) const {
  std::vector<double> loads;
  std::vector<uint32_t> accounts;
  Loads(rep_of_unit, loads, accounts);
  double total = 0;
  for (size_t p = 0; p < rep_count(); ++p)
    total += RepPenalty(static_cast<int32_t>(p), &loads[p * kMeasures]);
  for (size_t u = 0; u < unit_count(); ++u) total += UnitCost(u, rep_of_unit[u]);
  return total;
}

}  // namespace acctseg::territory
