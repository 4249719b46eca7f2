// What `acctseg plan territories` writes (docs/planning/territories.md,
// "Outputs"), from the problem built from a run and the solver's solution:
//   assignments CSV: account_id,family,role,rep_id,previous_rep_id,reason —
//     one row per planned account, in input order (a NULL family empty);
//   balance CSV: one row per rep (units, accounts, potential, workload, ARR,
//     role means, deviations, within tolerance);
//   moves CSV: the accounts whose rep changed, with their potential and ARR;
//   the plan's JSON, the payload the plan store keeps and `plan diff` reads
//     (a unit of an account without a family: family "" and its account).
// An account's reason is its unit's (kept, moved for balance, owner not
// eligible for the unit's region, new, locked, unassigned), except: "kept"
// when it stays with its own previous rep, "new" when it had none, "moved
// with its family" when its own previous rep was not its family's and it
// follows the family elsewhere, "owner of another role" when its previous
// rep has another role, and "locked (moved from R1)" when its unit's lock
// took it from its own rep R1.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "job/territory_balance.h"
#include "job/territory_problem.h"

namespace acctseg {

struct TerritoryOutcome {
  const TerritoryData& data;
  const territory::Options& options;
  const territory::Solution& solution;
  std::vector<RepBalance> balance;  // ComputeBalance of the solution
};

// Accounts, ARR and potential that change rep (from a previous rep to
// another, unassigned included).
struct MoveTotals {
  size_t accounts = 0;
  double arr = 0, potential = 0;
  double arr_share = 0;  // of all planned ARR with a previous rep
};
MoveTotals CountMoves(const TerritoryOutcome& outcome);

// The rows of the accounts whose rep changed, in input order.
std::vector<size_t> MovedAccounts(const TerritoryOutcome& outcome);

// Whether the rep's balanced measures are all within the tolerance.
bool WithinTolerance(const TerritoryOutcome& outcome, const RepBalance& rep);

// The reason of the account at `row` (which must be planned).
std::string AccountReason(const TerritoryOutcome& outcome, size_t row);

std::string AssignmentsCsv(const TerritoryOutcome& outcome);
std::string BalanceCsv(const TerritoryOutcome& outcome);
std::string MovesCsv(const TerritoryOutcome& outcome);
nlohmann::ordered_json TerritoryPlanJson(const TerritoryOutcome& outcome);

// "1234.5" for 1234.5, "12" for 12.000: at most two decimals, for files.
std::string PlainNumber(double value);

}  // namespace acctseg
