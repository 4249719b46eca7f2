// `acctseg plan territories`: balanced territories from a segmentation —
// which rep gets each account family of each coverage role, keeping
// current owners where balance allows (docs/planning/territories.md).
// Flags only; the work is TerritoryJob.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cache_commands.h"
#include "command_line.h"
#include "common/counted.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "feedback.h"
#include "job/territory_job.h"
#include "plan_commands.h"
#include "versioned_name_option.h"

namespace acctseg::cli {
namespace {

struct TerritoriesCommandOptions {
  TerritoryJobOptions job;
  std::vector<std::string> balance = {"potential", "workload"};
  std::string method = "auto";
  bool quiet = false;
};

void PrintSummary(const TerritoryJobResult& result, double seconds) {
  const territory::Solution& s = result.solution;
  for (const std::string& note : result.data.notes)
    std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());
  for (const std::string& note : s.notes) std::fprintf(stderr, "acctseg: note: %s\n", note.c_str());
  std::fprintf(stderr,
               "acctseg: %zu units, %zu reps: %s, objective %.4g, bound %.4g, gap %.2f%%%s\n",
               result.data.problem.units.size(), result.data.problem.reps.size(), s.method.c_str(),
               s.objective, s.bound, s.Gap() * 100, s.proven_optimal ? " (proven optimal)" : "");
  const std::string moved = Counted(result.moves.accounts, "account") +
                            (result.moves.accounts == 1 ? " changes" : " change");
  std::fprintf(stderr, "acctseg: %s rep (%.1f%% of the owned ARR) in %.2f s%s%s\n", moved.c_str(),
               result.moves.arr_share * 100, seconds, result.stored.empty() ? "" : "; stored as ",
               result.stored.c_str());
}

int RunTerritories(TerritoriesCommandOptions options) {
  auto start = std::chrono::steady_clock::now();
  territory::Options& solver = options.job.solver;
  solver.balance_potential = solver.balance_workload = false;
  for (const std::string& measure : options.balance) {
    if (measure == "potential")
      solver.balance_potential = true;
    else if (measure == "workload")
      solver.balance_workload = true;
    else
      throw Error(ErrorKind::kUsage, "--balance: unknown measure \"" + measure +
                                         "\" (expected potential, workload or both)");
  }
  solver.method = options.method == "exact"       ? territory::Options::Method::kExact
                  : options.method == "heuristic" ? territory::Options::Method::kHeuristic
                                                  : territory::Options::Method::kAuto;
  if (!options.job.columns.geo.empty() && solver.geo_weight == 0) solver.geo_weight = 1;
  TerritoryJobResult result = TerritoryJob(options.job);
  if (!options.quiet) PrintSummary(result, SecondsSince(start));
  return 0;
}

}  // namespace

LearnSubcommand AddPlanTerritoriesCommand(CLI::App& plan, const std::string& store_help) {
  auto options = std::make_shared<TerritoriesCommandOptions>();
  TerritoryJobOptions& job = options->job;
  CLI::App* app = plan.add_subcommand(
      "territories",
      "Balanced territories: assign each account family of each coverage role to an eligible "
      "rep, keeping current owners where balance allows");
  app->add_option("--policy,-p", job.run.policy_path, "Policy file (YAML)")->required();
  app->add_option("--input,-i", job.run.inputs, "Input as NAME=PATH, or PATH")->required();
  app->add_option("--reps", job.reps_path,
                  "Reps CSV: rep_id,name,role,region (;-list or *),max_accounts,home (;-list)")
      ->required();
  app->add_option("--current", job.owners_path, "Current owners CSV: account_id,rep_id[,locked]");
  app->add_option("--balance", options->balance, "What to balance: potential, workload or both")
      ->delimiter(',');
  app->add_option("--tolerance", job.solver.tolerance,
                  "Allowed deviation from the role mean, as a fraction")
      ->default_val(0.05)
      ->check(FiniteNumber(0, true, 10));
  CLI::Option* geo =
      app->add_option("--geo", job.columns.geo,
                      "Column of each account's state or country: prefer reps whose home it is");
  // Without --geo no unit has a geography, so a weight alone changed
  // nothing while the user believed geography counted.
  app->add_option("--geo-weight", job.solver.geo_weight,
                  "Weight of an account off its rep's home (default 1; needs --geo)")
      ->check(FiniteNumber(0))
      ->needs(geo);
  AddOffFlag(*app, "--ignore-owners", job.solver.keep_owners,
             "Balance from scratch: moving ARR away from current owners costs nothing");
  app->add_option("--output,-o", job.assignments_out,
                  "Assignments CSV (account, family, rep, previous rep, reason); - for standard "
                  "output")
      ->required();
  app->add_option("--report", job.report_out, "HTML report");
  app->add_option("--balance-out", job.balance_out, "Per-rep balance CSV");
  app->add_option("--moves-out", job.moves_out, "Accounts that change rep, CSV");
  app->add_option("--name", job.name, "Store the plan in the run store as NAME (NAME@1, @2, ...)")
      ->check(VersionedName());
  app->add_option("--store", job.run.store, store_help);
  app->add_option("--family", job.columns.family,
                  "Column naming each account's family (default: the family step's global "
                  "account)");
  app->add_option("--role-column", job.columns.role,
                  "The role column (default: the policy's coverage output, else role)");
  app->add_option("--workload-column", job.columns.workload,
                  "The workload column, hours a year (default: the coverage output, else "
                  "workload_hours)");
  app->add_option("--region-column", job.columns.region,
                  "The region column (default: capacity.columns, else region)");
  app->add_option("--potential-column", job.columns.potential,
                  "The potential column (default: capacity.columns, else potential)");
  app->add_option("--arr-column", job.columns.arr,
                  "The ARR column (default: capacity.columns, else arr)");
  app->add_option("--method", options->method,
                  "auto (exact up to --exact-max-units units), exact or heuristic")
      ->transform(CLI::IsMember({"auto", "exact", "heuristic"}, CLI::ignore_case));
  app->add_option("--exact-max-units", job.solver.exact_max_units,
                  "With --method auto, the largest problem solved exactly")
      ->default_val(3000)
      ->check(ZeroOrMore());  // -5 wrapped to a huge count: every book went to the exact solver
  app->add_option("--time-limit", job.solver.time_limit_s, "Seconds the solver may take")
      ->default_val(50)
      ->check(FiniteNumber(0, false));
  app->add_option("--seed", job.solver.seed, "Seed of the heuristic's search")
      ->default_val(1)
      ->check(ZeroOrMore());
  app->add_option("--threads,-t", job.run.threads, "Worker threads (default: all cores)")
      ->check(ZeroOrMore());
  AddAsOfOption(*app, job.run.as_of);
  AddInputCacheFlags(app, job.run.cache);
  app->add_flag("--quiet,-q", options->quiet, "No notes or summary on standard error");
  return {app, [options] {
            TerritoriesCommandOptions copy = *options;
            copy.job.solver.threads = copy.job.run.threads;
            return RunTerritories(std::move(copy));
          }};
}

}  // namespace acctseg::cli
