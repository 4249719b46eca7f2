// The exact method: the assignment as a mixed-integer program solved by
// COIN-OR CBC, started from a given plan, with CBC's proven lower bound. One
// binary per (unit, eligible rep), one free-or-unassigned slack per unit when
// some rep has max_accounts, and over/under excess variables per rep and
// balanced measure, weighted exactly as CostModel weighs them.
//
// The same program serves the large-neighbourhood search on a part of the
// plan (MipScope): only the units the start puts with the open reps are free
// (or only some of them), and only among those reps; everything else is a
// constant.
// Thread-safe (each call owns its CBC model); CBC's log is silenced.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "territory/cost_model.h"

namespace acctseg::territory {

struct ExactLimits {
  double time_limit_s = 50;  // wall time
  int threads = 0;           // CBC threads (0 or 1: one)
  // Branch-and-bound nodes (-1: no limit). A node limit, unlike the time
  // limit, stops CBC at the same point on any machine: the neighbourhood
  // search uses it to stay deterministic.
  int max_nodes = -1;
  // CBC's preprocessing: worth it on the whole problem, not on the small
  // subproblems of the neighbourhood search, where it costs more than it saves.
  bool preprocess = true;
};

// Which part of the plan the MIP may change; the default is all of it.
struct MipScope {
  // The reps whose units are freed, to move among them; empty: every rep.
  std::span<const int32_t> open_reps;
  // One entry per unit: of the units of the open reps, only those marked
  // here are free; empty: all of them.
  std::span<const char> free_units;
};

struct ExactResult {
  bool found = false;  // an integer solution exists (at least the start)
  bool proven_optimal = false;
  std::vector<int32_t> rep_of_unit;
  // A lower bound on CostModel::Evaluate of any plan (of any plan that
  // changes only what the scope frees).
  double bound = 0;
  std::string status;
};

// start: the plan CBC starts from (one rep or -1 per unit).
ExactResult SolveExact(const CostModel& model, const std::vector<int32_t>& start,
                       const ExactLimits& limits, const MipScope& scope = {});

}  // namespace acctseg::territory
