// `acctseg plan territories` end to end (docs/planning/territories.md): run
// the policy (not recorded), build the territory problem from its finished
// table, the reps file and the current owners, solve it
// (territory/territory.h), write the outputs, and store the plan when it
// is named. Outputs are written to temporaries first and renamed into place
// only after the plan is stored, so a failure leaves nothing half-written.
// Errors: acctseg::Error — the policy run's, the reps/owners files'
// (kInput, located), kUsage for a missing column or an output that would
// overwrite an input, kStore from the store, kIo writing.
#pragma once

#include <string>
#include <vector>

#include "job/policy_run.h"
#include "job/territory_outputs.h"

namespace acctseg {

struct TerritoryJobOptions {
  PolicyRunOptions run;  // run.store is also where --name stores the plan
  std::string reps_path;
  std::string owners_path;  // "" = no current owners
  TerritoryColumns columns;
  territory::Options solver;
  std::string assignments_out;                     // required ("-": standard output)
  std::string balance_out, moves_out, report_out;  // "" = not written
  std::string name;                                // "" = not stored
};

struct TerritoryJobResult {
  PolicyRun run;
  TerritoryData data;
  territory::Options options;
  territory::Solution solution;
  std::vector<RepBalance> balance;
  MoveTotals moves;
  std::string stored;  // "name@version" when stored, else ""

  TerritoryOutcome outcome() const { return {data, options, solution, balance}; }
};

TerritoryJobResult TerritoryJob(const TerritoryJobOptions& options);

}  // namespace acctseg
