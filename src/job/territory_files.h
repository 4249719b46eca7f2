// The two files `acctseg plan territories` reads besides the policy's
// inputs (docs/planning/territories.md, "Reps and owners"):
//   reps.csv:   rep_id,name,role,region,max_accounts,home — region a
//               `;`-separated list or `*` (any), max_accounts empty or 0 for
//               no limit, home a `;`-separated list of states/countries;
//               only rep_id and role are required columns.
//   owners.csv: account_id,rep_id[,locked] — each account's current rep
//               (an empty rep_id: none); locked (true/false) keeps it there.
//               Other columns are ignored, so a run's output with these
//               two columns serves.
// Errors: acctseg::Error(kInput) with "file:line:" for a rep of a role or
// region the plan does not know (with a did-you-mean and the known ones),
// a rep id given twice, an owner naming an unknown rep, an account given
// twice; the CSV reader's own errors otherwise (io/csv_reader.h).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "territory/territory.h"

namespace acctseg {

std::vector<territory::Rep> ReadReps(const std::string& path, const std::set<std::string>& roles,
                                     const std::set<std::string>& regions);

struct Owner {
  std::string account_id;
  int32_t rep = -1;  // index into the reps read
  bool locked = false;
  uint64_t line = 0;  // in the owners file, for messages
};

std::vector<Owner> ReadOwners(const std::string& path, const std::vector<territory::Rep>& reps);

}  // namespace acctseg
