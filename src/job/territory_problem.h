// The territory problem of a finished run (docs/planning/territories.md,
// "From a run to a problem"): one unit per (family, role) — a global
// account's accounts of one coverage role are assigned whole, so a family
// is never split within a role (an account whose --family value is NULL is
// a unit of its own: a NULL family equals no other). A unit's workload, potential and ARR are
// its accounts' sums; its region and geography are those of its account
// with the most potential (units spanning several regions are noted); its
// current rep is the owner (of that role) of most of its ARR (of most of
// its accounts when it has no ARR), unless an account of it is locked to
// an owner of that role: then the unit is locked to that owner, the lock
// winning over the ARR (a note names the units where the two differ).
//
// Accounts of a role no rep covers, or with no role, are left out of the
// problem (noted with counts). Errors: acctseg::Error(kUsage) for a column
// the run does not have (naming the flag that sets it) or a policy without
// a family step when no --family column is given.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "job/territory_files.h"
#include "plan/plan.h"
#include "territory/territory.h"

namespace acctseg {

// The run's columns the problem reads, each set by a flag of its own.
struct TerritoryColumns {
  std::string family;                  // --family; "" = the family step's global account id
  std::string role, workload;          // "" = the coverage outputs
  std::string region, potential, arr;  // "" = capacity.columns
  std::string geo;                     // --geo; "" = no geography
};

// `flags` with every empty name but family and geo filled from the policy:
// role and workload from coverage.outputs, region, potential and arr from
// capacity.columns; the sections' defaults (role, workload_hours, region,
// potential, arr) when the policy does not declare them.
TerritoryColumns ResolveTerritoryColumns(const PolicyAst& policy, TerritoryColumns flags);

struct TerritoryData {
  territory::Problem problem;
  // Per row of the run: its unit, or -1 when left out.
  std::vector<int32_t> unit_of_account;
  std::vector<std::string> account_ids;                // per row, the key's text
  std::vector<int32_t> owner_of_account;               // per row, the rep of owners.csv, -1 none
  std::vector<double> account_potential, account_arr;  // per row, NULL as 0
  std::vector<std::string> notes;                      // for people: what was left out and why
};

// The ARR of the planned accounts that have a previous rep: what a share of
// moved ARR is a share of.
double OwnedArr(const TerritoryData& data);

// The roles and regions of the run's rows (to check the reps file against).
std::set<std::string> DistinctValues(const Execution& run, const std::string& column,
                                     const char* flag);

TerritoryData BuildTerritoryProblem(const Execution& run, const TerritoryColumns& columns,
                                    std::vector<territory::Rep> reps,
                                    const std::vector<Owner>& owners);

}  // namespace acctseg
