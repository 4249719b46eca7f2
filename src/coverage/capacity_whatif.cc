// The what-if on headcount: per staffed role with a headcount, its accounts
// in rank order (tier, then potential, then ARR, then id), covered while
// the cumulative workload fits the hours the headcount delivers. The first
// account that does not fit ends the covered run: a lower-ranked small
// account never takes a seat ahead of a higher-ranked large one.
#include <algorithm>

#include "coverage/capacity.h"
#include "coverage/capacity_internal.h"

namespace acctseg::coverage {
namespace {

// Cumulative hours within this much of the capacity still fit: sums of
// decimal hours in binary floating point are off by a few ulps.
constexpr double kFitSlack = 1e-6;

RoleWhatIf RoleShortfall(const CapacityAccounts& accounts, const std::vector<size_t>& rows,
                         const RoleCapacity& role, double effective_hours,
                         std::vector<UncoveredAccount>& uncovered) {
  RoleWhatIf result;
  result.role = role.role;
  result.headcount = *role.headcount;
  result.capacity_hours = result.headcount * effective_hours;
  result.accounts = rows.size();
  const Categorical& tier = accounts.tier;
  // Tier slot: its text order, NULL after every tier.
  std::vector<int32_t> order = TextOrder(tier.names);
  std::vector<size_t> slot_of(tier.names.size());
  for (size_t i = 0; i < order.size(); ++i) slot_of[order[i]] = i;
  auto slot = [&](size_t row) {
    return tier.codes[row] < 0 ? order.size() : slot_of[tier.codes[row]];
  };
  std::vector<size_t> ranked = rows;
  std::sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
    if (slot(a) != slot(b)) return slot(a) < slot(b);
    if (accounts.potential[a] != accounts.potential[b])
      return accounts.potential[a] > accounts.potential[b];
    // Accounts without potential (a retained installed base) keep what they pay.
    if (accounts.arr[a] != accounts.arr[b]) return accounts.arr[a] > accounts.arr[b];
    return accounts.ids[a] < accounts.ids[b];
  });
  std::vector<TierLoss> tiers(order.size() + 1);
  for (size_t i = 0; i < order.size(); ++i) tiers[i].tier = tier.names[order[i]];
  tiers.back().tier = kNone;
  bool fits = true;
  for (size_t position = 0; position < ranked.size(); ++position) {
    size_t row = ranked[position];
    double hours = accounts.hours[row];
    result.workload_hours += hours;
    TierLoss& loss = tiers[slot(row)];
    ++loss.accounts;
    fits = fits && result.covered_hours + hours <= result.capacity_hours + kFitSlack;
    if (fits) {
      ++result.covered;
      result.covered_hours += hours;
      result.covered_potential += accounts.potential[row];
      continue;
    }
    ++result.uncovered;
    result.uncovered_hours += hours;
    result.uncovered_potential += accounts.potential[row];
    result.uncovered_arr += accounts.arr[row];
    result.uncovered_whitespace += accounts.whitespace[row];
    ++loss.uncovered;
    loss.uncovered_potential += accounts.potential[row];
    loss.uncovered_arr += accounts.arr[row];
    loss.uncovered_whitespace += accounts.whitespace[row];
    int32_t region = accounts.region.codes[row];
    // A NULL stays unknown in the list (counted 0 in the sums above): a
    // planner must tell "no potential known" from "potential 0".
    auto known = [row](const std::vector<double>& values, const std::vector<bool>& nulls) {
      return !nulls.empty() && nulls[row] ? kUnknown : values[row];
    };
    uncovered.push_back({accounts.ids[row], role.role,
                         region < 0 ? "" : accounts.region.names[region],
                         tier.codes[row] < 0 ? "" : tier.names[tier.codes[row]], position + 1,
                         known(accounts.hours, accounts.hours_null),
                         known(accounts.potential, accounts.potential_null),
                         known(accounts.whitespace, accounts.whitespace_null),
                         known(accounts.arr, accounts.arr_null)});
  }
  result.headcount_needed = result.workload_hours / effective_hours;
  for (TierLoss& loss : tiers)
    if (loss.accounts) result.tiers.push_back(std::move(loss));
  return result;
}

}  // namespace

std::optional<WhatIf> ComputeWhatIf(const CapacityAccounts& accounts,
                                    const CapacityConfig& config) {
  std::vector<int32_t> role_index = RoleIndexes(accounts.role, config);
  std::vector<std::vector<size_t>> rows_of_role(config.roles.size());
  for (size_t row = 0; row < accounts.size(); ++row)
    if (int32_t role = accounts.role.codes[row]; role >= 0)
      rows_of_role[role_index[role]].push_back(row);
  WhatIf whatif;
  for (size_t r = 0; r < config.roles.size(); ++r) {
    const RoleCapacity& role = config.roles[r];
    double effective_hours = role.hours_per_year * Productivity(role, config);
    if (!role.headcount || effective_hours <= 0) continue;
    whatif.roles.push_back(
        RoleShortfall(accounts, rows_of_role[r], role, effective_hours, whatif.uncovered));
  }
  if (whatif.roles.empty()) return std::nullopt;
  return whatif;
}

}  // namespace acctseg::coverage
