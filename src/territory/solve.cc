// Solve(): pick the method, run it, and turn its assignment into a Solution
// with reasons and notes. The methods live in their own files.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "territory/assignment_state.h"
#include "territory/bound.h"
#include "territory/cost_model.h"
#include "territory/exact_mip.h"
#include "territory/greedy.h"
#include "territory/large_neighbourhood.h"
#include "territory/local_search.h"
#include "territory/notes.h"
#include "territory/territory.h"

namespace acctseg::territory {

namespace {

// Up to this many placeable units the heuristic also runs its exhaustive
// neighbourhoods and the exact neighbourhood search.
constexpr size_t kExhaustiveUnits = 20000;
// Share of the time limit the heuristic may spend before the MIP starts.
constexpr double kWarmStartShare = 0.1;

size_t PlaceableUnits(const CostModel& model) {
  size_t count = 0;
  for (size_t u = 0; u < model.unit_count(); ++u)
    count += model.Fixed(u) || !model.Eligible(u).empty();
  return count;
}

std::chrono::steady_clock::time_point After(double seconds) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(seconds));
}

Reason ReasonFor(const Problem& problem, const Unit& unit, int32_t rep) {
  if (rep < 0) return Reason::kUnassigned;
  if (unit.locked && rep == unit.current_rep) return Reason::kLocked;
  if (unit.current_rep < 0 || static_cast<size_t>(unit.current_rep) >= problem.reps.size())
    return Reason::kNew;
  if (rep == unit.current_rep) return Reason::kKept;
  // An owner who may not cover the unit's region loses it whatever the
  // balance: "moved for balance" sent that rep looking for the wrong cause.
  const Rep& owner = problem.reps[unit.current_rep];
  if (owner.role == unit.role && !RepAllows(owner, unit)) return Reason::kOwnerNotEligible;
  return Reason::kMovedForBalance;
}

}  // namespace

const char* ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kKept:
      return "kept";
    case Reason::kMovedForBalance:
      return "moved for balance";
    case Reason::kOwnerNotEligible:
      return "owner not eligible for the unit's region";
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
  auto started = std::chrono::steady_clock::now();
  CostModel model(problem, options);
  Solution solution;
  solution.notes = InputNotes(model);
  size_t placeable = PlaceableUnits(model);
  bool exact = options.method == Options::Method::kExact ||
               (options.method == Options::Method::kAuto && placeable <= options.exact_max_units);

  AssignmentState state(model);
  PlaceGreedy(state);
  SearchLimits limits{After(options.time_limit_s * (exact ? kWarmStartShare : 1)), options.seed,
                      placeable <= kExhaustiveUnits};
  ImproveLocally(state, limits);
  if (limits.exhaustive) ImproveByNeighbourhoods(state, limits);
  solution.rep_of_unit = state.rep_of_unit();
  solution.objective = model.Evaluate(solution.rep_of_unit);
  solution.method = "heuristic";
  solution.bound = CheapBound(model);
  // A plan that meets its bound (often 0: balanced, nobody moved) is optimal
  // already; the MIP could only spend the time limit confirming it.
  constexpr double kProvenGap = 1e-12;
  if (solution.objective <= solution.bound + kProvenGap) {
    solution.proven_optimal = true;
    solution.method = "heuristic (optimal: meets its bound)";
    exact = false;
  }
  if (exact) {
    double left = options.time_limit_s -
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ExactResult result =
        SolveExact(model, solution.rep_of_unit, {std::max(1.0, left), options.threads});
    solution.method = "exact (CBC, " + result.status + ")";
    solution.bound = std::max(solution.bound, result.bound);
    if (result.found) {
      double objective = model.Evaluate(result.rep_of_unit);
      if (objective < solution.objective) {
        solution.objective = objective;
        solution.rep_of_unit = std::move(result.rep_of_unit);
      }
    }
    solution.proven_optimal = result.proven_optimal;
  }
  // The bound may exceed the objective only by the solver's rounding.
  solution.bound = std::min(solution.bound, solution.objective);
  if (!solution.proven_optimal && solution.Gap() > 0) {
    // A bound of 0 proves nothing about a positive objective: say so
    // rather than report "within 100%" as if that measured the plan.
    if (solution.bound <= 0)
      solution.notes.push_back(fmt::format(
          "objective {:.6g}; no lower bound above 0 was found for this problem, so how far the "
          "plan is from the best possible is unknown (the gap printed is against 0)",
          solution.objective));
    else
      solution.notes.push_back(
          // Said as a limit, which reads right at 0.6% and at 99%:
          // "within 99.48% of the best possible" sounded like praise.
          fmt::format("objective {:.6g}, lower bound {:.6g}: the best possible plan's objective "
                      "is at most {:.2f}% lower (a longer --time-limit narrows it)",
                      solution.objective, solution.bound, 100 * solution.Gap()));
  }
  for (size_t u = 0; u < problem.units.size(); ++u)
    solution.reason.push_back(ReasonFor(problem, problem.units[u], solution.rep_of_unit[u]));
  auto plan_notes = PlanNotes(model, solution.rep_of_unit);
  solution.notes.insert(solution.notes.end(), plan_notes.begin(), plan_notes.end());
  return solution;
}

}  // namespace acctseg::territory
