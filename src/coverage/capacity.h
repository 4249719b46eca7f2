// The capacity plan: from a finished segmentation with coverage outputs
// (each account's role and workload hours) and a capacity config (per
// role: hours a rep sells in a year, quota, cost, ramp, attrition), how
// many reps each role needs per region, what they cost, and how the
// potential they cover compares with the quota they carry. A what-if on
// headcount says which accounts a short role leaves uncovered.
//
// The formula (docs/planning/capacity.md works an example by hand):
//   productivity        p = 1 - attrition * ramp_months / 24
//     (a share `attrition` of the seats turns over each year, and each new
//      hire ramps linearly from nothing to full over ramp_months, so loses
//      half of ramp_months of a full rep's year)
//   effective hours     e = hours_per_year * p            (one seat, one year)
//   headcount needed    h = workload_hours / e            (FTE, fractional)
//   reps                ceil(h) per role x region; a role's reps sum its regions
//   headcount cost      h * cost
//   quota capacity      q = h * quota * p                 (ramping reps carry less)
//   potential per rep   potential / h
//   coverage ratio      potential / q
// A role with hours_per_year 0 is a pooled, unstaffed motion: no headcount,
// cost or ratios (NaN here, null in JSON, "-" in text).
//
// The library knows nothing of policies: the job layer converts the
// policy's `capacity:` section into a CapacityConfig and runs the policy.
// Every function is pure and thread-compatible.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "table/table.h"

namespace acctseg::coverage {

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct RoleCapacity {
  std::string role;
  double hours_per_year = 0;        // one fully ramped rep's hours; 0 = pooled, unstaffed
  double quota = 0;                 // one fully ramped rep's yearly quota; 0 = none
  double cost = 0;                  // one rep's fully loaded yearly cost
  double ramp_months = 0;           // months a new hire takes to reach full productivity
  std::optional<double> attrition;  // this role's yearly attrition; else the config's
  std::optional<double> headcount;  // current or planned reps: the what-if starts here
};

// The finished table's columns the plan reads. `account` names the
// accounts in the what-if's uncovered list ("" = the row number).
struct CapacityColumns {
  std::string account;
  std::string role = "role", hours = "workload_hours";
  std::string region = "region", potential = "potential", whitespace = "whitespace";
  std::string arr = "arr", tier = "tier";
};

struct CapacityConfig {
  std::vector<RoleCapacity> roles;  // in policy order, as the plan lists them
  double attrition = 0;             // the default yearly attrition, in [0, 1]
  CapacityColumns columns;
};

// A text column as dense codes: names[codes[row]], -1 where NULL.
struct Categorical {
  std::vector<int32_t> codes;
  std::vector<std::string> names;
};

// The plan's view of the finished table, one entry per account. Numbers
// are NULL-free (a NULL counts 0); tests build it by hand.
struct CapacityAccounts {
  std::vector<std::string> ids;
  Categorical role, region, tier;
  std::vector<double> hours, potential, whitespace, arr;  // NULL as 0
  // Per number, the rows whose value is NULL (empty: none is).
  std::vector<bool> hours_null, potential_null, whitespace_null, arr_null;

  size_t size() const { return hours.size(); }
};

// Reads the columns `config.columns` names. Errors (Error kUsage): a column
// the table lacks (with a did-you-mean), a numeric column that is text.
CapacityAccounts ReadCapacityAccounts(const Table& table, const CapacityColumns& columns);

// One line of the plan: a role in a region, a role's total (region ""), or
// the grand total (role and region "").
struct CapacityRow {
  std::string role, region;
  uint64_t accounts = 0;
  double workload_hours = 0, potential = 0, whitespace = 0, arr = 0;
  bool staffed = false;  // the role has hours_per_year > 0
  double headcount_needed = 0;
  uint64_t reps = 0;
  double headcount_cost = 0;
  double quota_capacity = 0;
  double potential_per_rep = kUnknown, quota_per_rep = kUnknown, coverage_ratio = kUnknown;
};

// A role's total with its parameters and its current headcount.
struct RolePlan {
  CapacityRow total;
  RoleCapacity capacity;
  double attrition = 0, productivity = 1, effective_hours_per_rep = 0;
  double headcount_gap = kUnknown;  // headcount - headcount_needed, when a headcount is known
};

// The what-if of one staffed role with a headcount: its accounts ranked by
// tier (text order, NULL last), then potential (largest first), then ARR
// (largest first), then id;
// covered while the cumulative workload fits headcount * effective hours.
struct TierLoss {
  std::string tier;  // "(none)" = NULL
  uint64_t accounts = 0, uncovered = 0;
  double uncovered_potential = 0, uncovered_arr = 0, uncovered_whitespace = 0;
};

struct RoleWhatIf {
  std::string role;
  double headcount = 0, capacity_hours = 0, workload_hours = 0, headcount_needed = 0;
  uint64_t accounts = 0, covered = 0, uncovered = 0;
  double covered_hours = 0, uncovered_hours = 0, covered_potential = 0;
  double uncovered_potential = 0, uncovered_arr = 0, uncovered_whitespace = 0;
  std::vector<TierLoss> tiers;  // every tier of the role's accounts, in rank order
};

struct UncoveredAccount {
  // region and tier "" for NULL, the numbers kUnknown: the CSV writes NULL
  // as an empty field, as every CSV of acctseg does; the text report says
  // "(none)".
  std::string id, role, region, tier;
  uint64_t rank = 0;  // 1-based position in its role's ranking
  double hours = 0, potential = 0, whitespace = 0, arr = 0;
};

struct WhatIf {
  std::vector<RoleWhatIf> roles;
  std::vector<UncoveredAccount> uncovered;  // by role (policy order), then rank
};

struct CapacityPlan {
  double attrition = 0;  // the config's default
  // Role (policy order) x region (text order, NULL "(none)" last), non-empty only.
  std::vector<CapacityRow> rows;
  std::vector<RolePlan> roles;     // every configured role, in policy order
  CapacityRow total;               // every account; headcount and cost summed over roles
  std::optional<WhatIf> whatif;    // when some staffed role has a headcount
  std::vector<std::string> notes;  // accounts without a role, and the like
};

// Errors (Error kUsage): an attrition outside [0, 1], a negative hours,
// quota, cost or headcount, ramp_months outside [0, 24], a role named twice,
// an account whose role the config lacks (with a did-you-mean).
CapacityPlan ComputeCapacityPlan(const CapacityAccounts& accounts, const CapacityConfig& config);

// The productivity p of the formula above for `role` under `config`.
double Productivity(const RoleCapacity& role, const CapacityConfig& config);

// The what-if alone (ComputeCapacityPlan calls it); nullopt when no staffed
// role has a headcount.
std::optional<WhatIf> ComputeWhatIf(const CapacityAccounts& accounts, const CapacityConfig& config);

}  // namespace acctseg::coverage
