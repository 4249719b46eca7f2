#include "territory/large_neighbourhood.h"

#include <gtest/gtest.h>

#include <string>

#include "territory/exact_mip.h"
#include "territory/greedy.h"
#include "territory/local_search.h"

namespace acctseg::territory {
namespace {

// A book that drifted: sizes, ARR and accounts from a fixed linear
// congruential sequence (the same on every platform), a third of the units
// owned by the first half of the reps, the rest spread evenly.
Problem DriftedBook(uint64_t seed, int reps, int units) {
  uint64_t state = seed;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  Problem problem;
  for (int r = 0; r < reps; ++r) {
    Rep rep;
    rep.id = "r" + std::to_string(r);
    rep.role = "ae";
    problem.reps.push_back(rep);
  }
  for (int u = 0; u < units; ++u) {
    Unit unit;
    unit.family = "f" + std::to_string(u);
    unit.role = "ae";
    unit.region = "EMEA";
    unit.potential = 1 + next() % 20;
    unit.workload = 1 + next() % 10;
    unit.arr = next() % 3 == 0 ? 0 : 1 + next() % 50;
    unit.accounts = 1 + next() % 3;
    unit.current_rep = static_cast<int32_t>(next() % 10 < 3 ? next() % (reps / 2) : u % reps);
    problem.units.push_back(unit);
  }
  return problem;
}

SearchLimits Unhurried(uint64_t seed = 1) {
  return {std::chrono::steady_clock::now() + std::chrono::minutes(2), seed, true};
}

TEST(TerritoryNeighbourhoods, ReachTheOptimumWhereMovesAndSwapsStop) {
  // 7 reps: neighbourhoods of at most 6 never free the whole book, so this
  // is the search, not one MIP in disguise.
  Problem problem = DriftedBook(2, 7, 140);
  Options options;
  options.tolerance = 0.02;
  CostModel model(problem, options);
  AssignmentState state(model);
  PlaceGreedy(state);
  ImproveLocally(state, Unhurried());
  double local = model.Evaluate(state.rep_of_unit());

  ExactResult exact = SolveExact(model, state.rep_of_unit(), {30});
  ASSERT_TRUE(exact.proven_optimal);
  double optimum = model.Evaluate(exact.rep_of_unit);
  // Every move and every swap was tried: what is left needs a chain.
  EXPECT_GT(local, optimum * 1.03);

  ImproveByNeighbourhoods(state, Unhurried());
  EXPECT_NEAR(model.Evaluate(state.rep_of_unit()), optimum, 1e-9);
}

TEST(TerritoryNeighbourhoods, SameBookAndSeedSamePlan) {
  Problem problem = DriftedBook(4, 7, 120);
  Options options;
  options.tolerance = 0.02;
  options.method = Options::Method::kHeuristic;
  options.time_limit_s = 120;  // far beyond what it takes: only the seed decides
  Solution first = Solve(problem, options), second = Solve(problem, options);
  EXPECT_EQ(first.rep_of_unit, second.rep_of_unit);
  EXPECT_EQ(first.objective, second.objective);
}

TEST(TerritoryNeighbourhoods, OnlyTheOpenRepsChange) {
  Problem problem = DriftedBook(3, 6, 90);
  Options options;
  CostModel model(problem, options);
  std::vector<int32_t> start;
  for (const Unit& unit : problem.units) start.push_back(unit.current_rep);
  const std::vector<int32_t> open{1, 4};
  ExactResult part = SolveExact(model, start, {30}, {open});
  ASSERT_TRUE(part.found);
  EXPECT_TRUE(part.proven_optimal);
  EXPECT_LE(model.Evaluate(part.rep_of_unit), model.Evaluate(start) + 1e-12);
  for (size_t u = 0; u < start.size(); ++u) {
    auto is_open = [](int32_t rep) { return rep == 1 || rep == 4; };
    if (is_open(start[u])) {
      EXPECT_TRUE(is_open(part.rep_of_unit[u])) << u;
    } else {
      EXPECT_EQ(part.rep_of_unit[u], start[u]) << u;
    }
  }
  // The bound is on plans that change only the open reps: the plan meets it.
  EXPECT_NEAR(part.bound, model.Evaluate(part.rep_of_unit), 1e-9);
}

}  // namespace
}  // namespace acctseg::territory
