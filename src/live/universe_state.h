// What a LiveUniverse holds (internal to src/live/): the plan, the mutable
// accounts, the execution of the plan over them (its columns, traces and
// hierarchy), and the indexes kept beside it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "live/universe_accounts.h"
#include "live/universe_domains.h"
#include "plan/plan.h"

namespace acctseg {

class LiveState {
 public:
  std::shared_ptr<const Plan> plan;
  InputPaths paths;
  RunOptions options;
  ReadInputs inputs;  // as read; the accounts' entry is replaced on each full run
  std::unique_ptr<LiveAccounts> accounts;
  std::unique_ptr<DomainIndex> domains;
  std::unique_ptr<Execution> execution;  // the plan over `accounts` as they are now
  std::vector<std::string> computed;     // every column a step defines

  // The full re-run: the plan over the accounts as they are now, a batch
  // run on the columns in memory.
  void RunAll();
};

}  // namespace acctseg
