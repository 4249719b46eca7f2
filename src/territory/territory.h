// Territory assignment: which rep gets each unit (one family's accounts of one
// role), so that every rep's potential and workload sit within a tolerance of
// the role's mean while current owners are kept wherever balance allows.
// A pure library: no tables, no policy; the job layer builds the Problem.
//
// Solve() is deterministic for a given Problem and Options (seed included).
// Bad data (no eligible rep, infeasible locks, a unit bigger than any rep's
// share, a tolerance that cannot be met) never throws: the best plan found is
// returned and Solution::notes says what could not be honoured. The one
// objective both solvers minimise is defined in docs/planning/solver.md and
// computed by Objective().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace acctseg::territory {

// What is assigned whole: one family's accounts of one role.
struct Unit {
  // The global account's id, or "" for an account whose family is NULL: it
  // is a unit of its own (a NULL family equals no other, as in SQL), and
  // `account` names it.
  std::string family, account;
  std::string role, region, geo;  // geo: state/country for compactness ("" none)
  double potential = 0, workload = 0, arr = 0;
  uint32_t accounts = 0;
  int32_t current_rep = -1;  // index into Problem::reps, -1 none
  bool locked = false;       // must stay with current_rep
};

struct Rep {
  std::string id, name, role;
  std::vector<std::string> regions;  // empty: any region
  uint32_t max_accounts = 0;         // 0: no limit
  std::vector<std::string> home_geos;
};

struct Problem {
  std::vector<Unit> units;
  std::vector<Rep> reps;
};

struct Options {
  double tolerance = 0.05;  // allowed deviation from the role mean, as a fraction
  bool balance_potential = true, balance_workload = true;
  bool keep_owners = true;  // charge ARR moved away from current owners
  double geo_weight = 0;    // 0: ignore geography
  // kAuto: exact MIP up to exact_max_units units, heuristic above.
  enum class Method { kAuto, kExact, kHeuristic } method = Method::kAuto;
  size_t exact_max_units = 3000;
  double time_limit_s = 50;
  int threads = 0;  // threads CBC may use (0 or 1: one); the heuristic uses one
  uint64_t seed = 1;
};

// kOwnerNotEligible: the unit left a current rep of its role whose regions
// do not include the unit's, whatever the balance.
enum class Reason { kKept, kMovedForBalance, kOwnerNotEligible, kNew, kLocked, kUnassigned };

// "kept", "moved for balance", "owner not eligible for the unit's region",
// "new", "locked", "unassigned".
const char* ReasonName(Reason reason);

// How notes name a unit: its family, or "ACCOUNT (no family)".
std::string UnitName(const Unit& unit);

struct Solution {
  std::vector<int32_t> rep_of_unit;  // -1: unassigned
  std::vector<Reason> reason;
  // Both of the same objective; gap = (objective - bound) / max(objective, eps).
  double objective = 0, bound = 0;
  std::string method;  // "exact (cbc)", "heuristic", ...
  bool proven_optimal = false;
  std::vector<std::string> notes;  // what could not be honoured, for people
  double Gap() const;
};

// The objective of an assignment (rep_of_unit has one entry per unit, -1 for
// unassigned); the same number Solve() minimises and reports.
double Objective(const Problem& problem, const Options& options,
                 const std::vector<int32_t>& rep_of_unit);

Solution Solve(const Problem& problem, const Options& options);

}  // namespace acctseg::territory
