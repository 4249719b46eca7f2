// Solve(): pick the method, run it, and turn its assignment into a Solution
// with reasons and notes. The methods live in their own files.
#include <algorithm>
#include <limits>

#include "territory/assignment_state.h"
#include "territory/cost_model.h"
#include "territory/greedy.h"
#include "territory/notes.h"
#include "territory/territory.h"

namespace acctseg::territory {

namespace {

Reason ReasonFor(const Unit& unit, int32_t rep) {
  if (rep < 0) return Reason::kUnassigned;
  if (unit.locked && rep == unit.current_rep) return Reason::kLocked;
  if (unit.current_rep < 0) return Reason::kNew;
  return rep == unit.current_rep ? Reason::kKept : Reason::kMovedForBalance;
}

}  // namespace

const char* ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kKept:
      return "kept";
    case Reason::kMovedForBalance:
      return "moved for balance";
    case Reason::kNew:
      return "new";
    case Reason::kLocked:
      return "locked";
    case Reason::kUnassigned:
      return "unassigned";
  }
  return "?";
}

double Solution::Gap() const {
  constexpr double kEps = 1e-9;
  return std::max(0.0, objective - bound) / std::max(objective, kEps);
}

double Objective(const Problem& problem, const Options& options,
                 const std::vector<int32_t>& rep_of_unit) {
  return CostModel(problem, options).Evaluate(rep_of_unit);
}

Solution Solve(const Problem& problem, const Options& options) {
  CostModel model(problem, options);
  Solution solution;
  solution.notes = InputNotes(model);
  AssignmentState state(model);
  PlaceGreedy(state);
  solution.rep_of_unit = state.rep_of_unit();
  solution.method = "greedy";
  solution.objective = model.Evaluate(solution.rep_of_unit);
  solution.bound = 0;
  for (size_t u = 0; u < problem.units.size(); ++u)
    solution.reason.push_back(ReasonFor(problem.units[u], solution.rep_of_unit[u]));
  auto plan_notes = PlanNotes(model, solution.rep_of_unit);
  solution.notes.insert(solution.notes.end(), plan_notes.begin(), plan_notes.end());
  return solution;
}

}  // namespace acctseg::territory
