#include "job/territory_job.h"

#include <memory>

#include "common/error.h"
#include "io/atomic_file.h"
#include "job/inputs.h"
#include "job/plan_jobs.h"
#include "job/territory_html.h"

namespace acctseg {
namespace {

// The plan's line in `plan list`.
nlohmann::json PlanSummary(const TerritoryJobResult& result) {
  return {{"units", result.data.problem.units.size()},
          {"reps", result.data.problem.reps.size()},
          {"moved_accounts", result.moves.accounts},
          {"moved_arr_share", result.moves.arr_share},
          {"gap", result.solution.Gap()}};
}

// A policy without coverage: has no role column unless --role-column names
// another: said as the missing section, since "the run has no column role
// (--role-column names it)" sent the planner to a flag, not to the policy.
void RequireCoverage(const PolicyAst& policy, const TerritoryColumns& flags, const Execution& run,
                     const std::string& role_column) {
  if (policy.coverage || !flags.role.empty() || run.ColumnNamed(role_column) != nullptr) return;
  throw Error(ErrorKind::kUsage,
              "the policy " + policy.source->path +
                  " declares no coverage: section, which gives plan territories each account's "
                  "role and workload (docs/planning/coverage.md): add one, or name the run's "
                  "columns with --role-column and --workload-column");
}

}  // namespace

TerritoryJobResult TerritoryJob(const TerritoryJobOptions& options) {
  std::vector<std::string> outputs = {options.assignments_out, options.balance_out,
                                      options.moves_out, options.report_out};
  std::vector<std::string> reads = options.run.inputs;
  reads.push_back(options.reps_path);
  if (!options.owners_path.empty()) reads.push_back(options.owners_path);
  for (const std::string& output : outputs) RefuseOutputOverReads(output, reads);

  TerritoryJobResult result;
  // The inputs as resolved (the -i arguments may be NAME=PATH), the policy
  // and its tables are known once it is compiled; the store keeps the plan.
  PolicyRunOptions run_options = options.run;
  run_options.outputs = outputs;
  run_options.open_store = !options.name.empty();
  result.run = RunPolicyUnrecorded(run_options);
  const Execution& run = *result.run.execution;
  const PolicyAst& policy = result.run.plan->policy();
  TerritoryColumns columns = ResolveTerritoryColumns(policy, options.columns);
  RequireCoverage(policy, options.columns, run, columns.role);
  // A role the capacity plan declares is known even when no account has it yet.
  std::set<std::string> roles = DistinctValues(run, columns.role, "--role-column");
  if (policy.capacity)
    for (const CapacityRole& role : policy.capacity->roles) roles.insert(role.name.name);
  std::vector<territory::Rep> reps =
      ReadReps(options.reps_path, roles, DistinctValues(run, columns.region, "--region-column"));
  std::vector<Owner> owners;
  if (!options.owners_path.empty()) owners = ReadOwners(options.owners_path, reps);
  result.data = BuildTerritoryProblem(run, columns, std::move(reps), owners);
  result.options = options.solver;
  result.solution = territory::Solve(result.data.problem, result.options);
  result.balance = ComputeBalance(result.data.problem, result.solution.rep_of_unit);
  TerritoryOutcome outcome = result.outcome();
  result.moves = CountMoves(outcome);

  // Every file to its temporary first; renamed only once all (and the
  // stored plan) are done.
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto write = [&](const std::string& path, const std::string& text) {
    if (path.empty()) return;
    files.push_back(std::make_unique<AtomicFile>(path));
    files.back()->Write(text);
  };
  write(options.assignments_out, AssignmentsCsv(outcome));
  write(options.balance_out, BalanceCsv(outcome));
  write(options.moves_out, MovesCsv(outcome));
  write(options.report_out, TerritoryHtml(outcome));
  if (!options.name.empty()) {
    PlanRecord record = DescribePlan(options.name, *result.run.plan, options.run.policy_path,
                                     TerritoryPlanJson(outcome), PlanSummary(result));
    result.stored = SavePlan(*result.run.store, record);
  }
  for (auto& file : files) file->Commit();
  return result;
}

}  // namespace acctseg
