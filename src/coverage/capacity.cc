// The capacity plan: sums per role x region in one pass over the accounts,
// then the headcount formula of capacity.h on each sum.
#include "coverage/capacity.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/counted.h"
#include "common/did_you_mean.h"
#include "common/error.h"
#include "coverage/capacity_internal.h"

namespace acctseg::coverage {
namespace {

void CheckRange(double value, double low, double high, const std::string& what) {
  if (!(value >= low && value <= high))
    throw Error(ErrorKind::kUsage, what + " is " + std::to_string(value) + ", expected " +
                                       (std::isinf(high) ? "at least " + std::to_string(low)
                                                         : "a number from " + std::to_string(low) +
                                                               " to " + std::to_string(high)));
}

void Validate(const CapacityConfig& config) {
  constexpr double kAny = std::numeric_limits<double>::infinity();
  CheckRange(config.attrition, 0, 1, "the attrition");
  std::map<std::string, int> seen;
  for (const RoleCapacity& role : config.roles) {
    if (seen[role.role]++)
      throw Error(ErrorKind::kUsage, "the role \"" + role.role + "\" is configured twice");
    std::string of = " of role \"" + role.role + "\"";
    CheckRange(role.hours_per_year, 0, kAny, "hours_per_year" + of);
    CheckRange(role.quota, 0, kAny, "quota" + of);
    CheckRange(role.cost, 0, kAny, "cost" + of);
    CheckRange(role.ramp_months, 0, 24, "ramp_months" + of);
    if (role.attrition) CheckRange(*role.attrition, 0, 1, "attrition" + of);
    if (role.headcount) CheckRange(*role.headcount, 0, kAny, "headcount" + of);
  }
}

}  // namespace

std::vector<int32_t> RoleIndexes(const Categorical& role, const CapacityConfig& config) {
  std::vector<std::string> configured;
  for (const RoleCapacity& capacity : config.roles) configured.push_back(capacity.role);
  std::vector<int32_t> index;
  for (const std::string& name : role.names) {
    auto it = std::find(configured.begin(), configured.end(), name);
    if (it == configured.end())
      throw Error(ErrorKind::kUsage, "accounts have the role \"" + name +
                                         "\", which capacity.roles does not declare" +
                                         DidYouMean(name, configured));
    index.push_back(static_cast<int32_t>(it - configured.begin()));
  }
  return index;
}

std::vector<int32_t> TextOrder(const std::vector<std::string>& names) {
  std::vector<int32_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return names[a] < names[b]; });
  return order;
}

namespace {

void Add(CapacityRow& sum, const CapacityAccounts& accounts, size_t row) {
  ++sum.accounts;
  sum.workload_hours += accounts.hours[row];
  sum.potential += accounts.potential[row];
  sum.whitespace += accounts.whitespace[row];
  sum.arr += accounts.arr[row];
}

void AddSums(CapacityRow& sum, const CapacityRow& part) {
  sum.accounts += part.accounts;
  sum.workload_hours += part.workload_hours;
  sum.potential += part.potential;
  sum.whitespace += part.whitespace;
  sum.arr += part.arr;
  sum.headcount_needed += part.headcount_needed;
  sum.reps += part.reps;
  sum.headcount_cost += part.headcount_cost;
  sum.quota_capacity += part.quota_capacity;
}

// The formula of capacity.h on one line's sums.
void Derive(CapacityRow& row, const RolePlan& role) {
  row.staffed = role.effective_hours_per_rep > 0;
  if (!row.staffed) return;
  const RoleCapacity& capacity = role.capacity;
  row.headcount_needed = row.workload_hours / role.effective_hours_per_rep;
  // A hair below a whole number is that number, not one rep more.
  row.reps = static_cast<uint64_t>(std::ceil(row.headcount_needed - 1e-9));
  row.headcount_cost = row.headcount_needed * capacity.cost;
  row.quota_capacity = row.headcount_needed * capacity.quota * role.productivity;
  row.quota_per_rep = capacity.quota;
  if (row.headcount_needed > 0) row.potential_per_rep = row.potential / row.headcount_needed;
  if (row.quota_capacity > 0) row.coverage_ratio = row.potential / row.quota_capacity;
}

}  // namespace

double Productivity(const RoleCapacity& role, const CapacityConfig& config) {
  return 1.0 - role.attrition.value_or(config.attrition) * role.ramp_months / 24.0;
}

CapacityPlan ComputeCapacityPlan(const CapacityAccounts& accounts, const CapacityConfig& config) {
  Validate(config);
  CapacityPlan plan;
  plan.attrition = config.attrition;
  std::vector<int32_t> role_index = RoleIndexes(accounts.role, config);
  size_t regions = accounts.region.names.size() + 1;  // the last one: NULL
  std::vector<CapacityRow> cells(config.roles.size() * regions);
  uint64_t without_role = 0, without_hours = 0;
  for (size_t row = 0; row < accounts.size(); ++row) {
    int32_t role = accounts.role.codes[row];
    if (role < 0) {
      ++without_role;
      continue;
    }
    if (!accounts.hours_null.empty() && accounts.hours_null[row]) ++without_hours;
    int32_t region = accounts.region.codes[row];
    size_t region_slot = region < 0 ? regions - 1 : static_cast<size_t>(region);
    Add(cells[role_index[role] * regions + region_slot], accounts, row);
  }
  if (without_role)
    plan.notes.push_back(Counted(without_role, "account") +
                         " without a role (no coverage rule matched) left out of the plan");
  // Counted, as they must be, but a headcount that leaves out work the
  // policy could not size must say so.
  if (without_hours)
    plan.notes.push_back(Counted(without_hours, "account") +
                         " with a role but no workload hours (NULL) counted as 0 hours: the "
                         "headcount leaves their work out");

  std::vector<int32_t> region_order = TextOrder(accounts.region.names);
  region_order.push_back(static_cast<int32_t>(regions - 1));
  for (size_t r = 0; r < config.roles.size(); ++r) {
    RolePlan role;
    role.capacity = config.roles[r];
    role.attrition = config.roles[r].attrition.value_or(config.attrition);
    role.productivity = Productivity(role.capacity, config);
    role.effective_hours_per_rep = role.capacity.hours_per_year * role.productivity;
    role.total.role = role.capacity.role;
    for (int32_t region : region_order) {
      CapacityRow& cell = cells[r * regions + region];
      if (cell.accounts == 0) continue;
      cell.role = role.capacity.role;
      cell.region =
          static_cast<size_t>(region) + 1 == regions ? kNone : accounts.region.names[region];
      Derive(cell, role);
      AddSums(role.total, cell);
      plan.rows.push_back(cell);
    }
    uint64_t reps = role.total.reps;  // whole reps per region, not of the role's sum
    Derive(role.total, role);
    role.total.reps = reps;
    if (role.capacity.headcount && role.total.staffed)
      role.headcount_gap = *role.capacity.headcount - role.total.headcount_needed;
    AddSums(plan.total, role.total);
    plan.total.staffed = plan.total.staffed || role.total.staffed;
    plan.roles.push_back(std::move(role));
  }
  plan.whatif = ComputeWhatIf(accounts, config);
  return plan;
}

}  // namespace acctseg::coverage
