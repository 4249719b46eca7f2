// territory_bench: the quality and speed targets of issue 13 for the
// territory solver (bench/territory/README.md has the figures).
//
//   territory_bench --mode quality --accounts 2000 --reps 20 --seeds 1,2,3
//       heuristic vs the exact MIP optimum of the same objective, owners
//       ignored and owners perturbed by 20%;
//   territory_bench --mode scale --accounts 1000000 --reps 500 --tolerance 0.03
//       the largest deviation from the role mean with owners ignored, then
//       the ARR moved when that balanced plan, perturbed by 20%, is the
//       current assignment; wall time of each solve.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "generate.h"
#include "territory/territory.h"

namespace acctseg::territory::bench {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Largest |load / role mean - 1| over the reps, for potential (0) or workload (1).
double MaxDeviation(const Problem& problem, const std::vector<int32_t>& rep_of_unit, int measure) {
  std::vector<double> load(problem.reps.size(), 0);
  std::map<std::string, std::pair<double, int>> role;  // total, reps
  for (const Rep& rep : problem.reps) role[rep.role].second++;
  for (size_t u = 0; u < problem.units.size(); ++u) {
    const Unit& unit = problem.units[u];
    double amount = measure == 0 ? unit.potential : unit.workload;
    if (rep_of_unit[u] >= 0) load[rep_of_unit[u]] += amount;
    role[unit.role].first += amount;
  }
  double worst = 0;
  for (size_t p = 0; p < problem.reps.size(); ++p) {
    auto [total, reps] = role[problem.reps[p].role];
    worst = std::max(worst, std::abs(load[p] / (total / reps) - 1));
  }
  return worst;
}

double ArrMovedShare(const Problem& problem, const std::vector<int32_t>& rep_of_unit) {
  double moved = 0, total = 0;
  for (size_t u = 0; u < problem.units.size(); ++u) {
    const Unit& unit = problem.units[u];
    if (unit.current_rep < 0) continue;
    total += unit.arr;
    if (rep_of_unit[u] != unit.current_rep) moved += unit.arr;
  }
  return total > 0 ? moved / total : 0;
}

Solution Timed(const Problem& problem, const Options& options, double& seconds) {
  auto start = std::chrono::steady_clock::now();
  Solution solution = Solve(problem, options);
  seconds = Seconds(start);
  return solution;
}

void Report(const char* label, const Problem& problem, const Solution& s, double seconds) {
  std::printf(
      "%-28s %-30s objective %.6f bound %.6f gap %.3f%% | dev potential %.2f%% workload %.2f%% | "
      "ARR moved %.2f%% | %.1f s\n",
      label, s.method.c_str(), s.objective, s.bound, 100 * s.Gap(),
      100 * MaxDeviation(problem, s.rep_of_unit, 0), 100 * MaxDeviation(problem, s.rep_of_unit, 1),
      100 * ArrMovedShare(problem, s.rep_of_unit), seconds);
  std::fflush(stdout);
}

// The heuristic's objective against the MIP's, relative to the MIP's.
void Compare(const char* label, const Problem& problem, Options options, bool with_exact) {
  double heuristic_seconds = 0, exact_seconds = 0;
  options.method = Options::Method::kHeuristic;
  Solution heuristic = Timed(problem, options, heuristic_seconds);
  Report((std::string(label) + " heuristic").c_str(), problem, heuristic, heuristic_seconds);
  if (!with_exact) return;
  options.method = Options::Method::kExact;
  Solution exact = Timed(problem, options, exact_seconds);
  Report((std::string(label) + " exact").c_str(), problem, exact, exact_seconds);
  double excess = heuristic.objective - exact.objective;
  double relative =
      exact.objective > 1e-12 ? excess / exact.objective : (excess > 1e-12 ? INFINITY : 0);
  std::printf("%-28s heuristic - MIP = %.6f (%.3f%% of the MIP objective; MIP %s)\n", label, excess,
              100 * relative, exact.proven_optimal ? "proven optimal" : "not proven optimal");
}

int Run(int argc, char** argv) {
  CLI::App app{"Territory solver quality and speed targets"};
  std::string mode = "quality";
  GenerateOptions generate;
  std::vector<uint64_t> seeds{1};
  Options options;
  double perturb = 0.2;
  std::string perturb_kind = "random";
  app.add_option("--mode", mode, "quality | scale")->capture_default_str();
  app.add_option("--accounts", generate.accounts)->capture_default_str();
  app.add_option("--reps", generate.reps)->capture_default_str();
  app.add_option("--seeds", seeds, "one problem per seed")->delimiter(',');
  app.add_option("--tolerance", options.tolerance)->capture_default_str();
  app.add_option("--time-limit", options.time_limit_s)->capture_default_str();
  app.add_option("--perturb", perturb, "share of units moved off the balanced plan")
      ->capture_default_str();
  app.add_option("--paying", generate.paying_share, "share of families with ARR")
      ->capture_default_str();
  app.add_option("--perturb-kind", perturb_kind, "random | skewed (see generate.h)")
      ->capture_default_str();
  bool no_exact = false;
  app.add_flag("--no-exact", no_exact, "quality: the heuristic alone");
  CLI11_PARSE(app, argc, argv);
  const bool skewed = perturb_kind == "skewed";

  for (uint64_t seed : seeds) {
    generate.seed = options.seed = seed;
    auto start = std::chrono::steady_clock::now();
    Problem problem = Generate(generate);
    std::printf(
        "seed %llu: %llu accounts, %zu families-by-role, %u reps, tolerance %.3f (generated in "
        "%.1f s)\n",
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(generate.accounts),
        problem.units.size(), generate.reps, options.tolerance, Seconds(start));
    options.keep_owners = false;
    if (mode == "quality") {
      Compare("owners ignored", problem, options, !no_exact);
      options.method = Options::Method::kHeuristic;
      Solution balanced = Solve(problem, options);
      Perturb(problem, balanced.rep_of_unit, perturb, seed, skewed);
      options.keep_owners = true;
      Compare("owners perturbed", problem, options, !no_exact);
      continue;
    }
    options.method = Options::Method::kHeuristic;
    double seconds = 0;
    Solution balanced = Timed(problem, options, seconds);
    Report("owners ignored", problem, balanced, seconds);
    Perturb(problem, balanced.rep_of_unit, perturb, seed, skewed);
    std::vector<int32_t> current;
    for (const Unit& unit : problem.units) current.push_back(unit.current_rep);
    std::printf(
        "%-28s perturbed (%s): ARR away from the balanced plan %.2f%%, deviation potential %.2f%% "
        "workload %.2f%%\n",
        "", perturb_kind.c_str(), 100 * ArrMovedShare(problem, balanced.rep_of_unit),
        100 * MaxDeviation(problem, current, 0), 100 * MaxDeviation(problem, current, 1));
    options.keep_owners = true;
    Solution kept = Timed(problem, options, seconds);
    Report("owners perturbed", problem, kept, seconds);
    for (const std::string& note : kept.notes) std::printf("  note: %s\n", note.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace acctseg::territory::bench

int main(int argc, char** argv) { return acctseg::territory::bench::Run(argc, argv); }
