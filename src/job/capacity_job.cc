#include "job/capacity_job.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "coverage/capacity_render.h"
#include "job/inputs.h"
#include "job/learn_job.h"
#include "job/plan_jobs.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// The run's columns (inputs, then step outputs) as one table.
Table RunTable(const Execution& execution) {
  Table table(execution.input->table.row_count());
  for (const learn::NamedColumn& column : RunColumns(execution))
    table.Add(column.name, column.column);
  return table;
}

double ParseHeadcount(const std::string& role, const std::string& text) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  // Whole reps, as the policy's headcount (planning_parser.cc).
  if (used != text.size() || !IsHeadcount(value))
    throw Error(ErrorKind::kUsage, "--headcount " + role + "=" + text +
                                       ": expected a whole number of reps, 0 to 1,000,000,000");
  return value;
}

}  // namespace

coverage::CapacityConfig CapacityConfigOf(const PolicyAst& policy, const std::string& key_column) {
  if (!policy.capacity)
    throw Error(ErrorKind::kUsage, "the policy " + policy.source->path +
                                       " declares no capacity: section, which plan capacity "
                                       "needs (docs/planning/capacity.md)");
  const CapacityDecl& capacity = *policy.capacity;
  coverage::CapacityConfig config;
  config.attrition = capacity.attrition.value_or(0);
  for (const CapacityRole& role : capacity.roles) {
    std::optional<double> headcount;
    if (role.headcount) headcount = static_cast<double>(*role.headcount);
    config.roles.push_back({role.name.name, role.hours_per_year, role.quota, role.cost,
                            role.ramp_months, role.attrition, headcount});
  }
  coverage::CapacityColumns& columns = config.columns;
  columns.account = key_column;
  if (policy.coverage) {
    columns.role = policy.coverage->outputs.role.name;
    columns.hours = policy.coverage->outputs.hours.name;
  }
  columns.region = capacity.columns.region.name;
  columns.potential = capacity.columns.potential.name;
  columns.whitespace = capacity.columns.whitespace.name;
  columns.arr = capacity.columns.arr.name;
  columns.tier = capacity.columns.tier.name;
  return config;
}

void ApplyCapacityOverrides(coverage::CapacityConfig& config, std::optional<double> attrition,
                            const std::string& headcount) {
  if (attrition) {
    config.attrition = *attrition;
    for (coverage::RoleCapacity& role : config.roles) role.attrition.reset();
  }
  std::vector<std::string> roles;
  for (const coverage::RoleCapacity& role : config.roles) roles.push_back(role.role);
  std::stringstream list(headcount);
  std::set<std::string> given;
  for (std::string item; std::getline(list, item, ',');) {
    if (item.empty()) continue;
    size_t equals = item.find('=');
    if (equals == std::string::npos)
      throw Error(ErrorKind::kUsage,
                  "--headcount \"" + item + "\": expected ROLE=N, e.g. enterprise_ae=20");
    std::string role = item.substr(0, equals);
    auto it = std::find(roles.begin(), roles.end(), role);
    if (it == roles.end())
      throw Error(ErrorKind::kUsage, "--headcount names the role \"" + role +
                                         "\", which capacity.roles does not declare" +
                                         DidYouMean(role, roles));
    if (!given.insert(role).second)
      throw Error(ErrorKind::kUsage,
                  "--headcount gives the role \"" + role + "\" twice: give each role once");
    coverage::RoleCapacity& capacity = config.roles[it - roles.begin()];
    // No hours, no seats: the figure was shown in the table and changed
    // nothing, so the planner believed a what-if that never ran.
    if (capacity.hours_per_year <= 0)
      throw Error(ErrorKind::kUsage,
                  "--headcount " + item + ": the role \"" + role +
                      "\" has hours_per_year 0 (a pooled, unstaffed motion), so a headcount "
                      "means nothing for it; leave it out or give it hours_per_year");
    capacity.headcount = ParseHeadcount(role, item.substr(equals + 1));
  }
}

CapacityJobResult CapacityJob(const CapacityJobOptions& options) {
  CapacityJobResult result;
  PolicyRunOptions run_options = options.run;
  run_options.outputs = options.outputs;
  run_options.open_store = !options.name.empty();
  result.run = RunPolicyUnrecorded(run_options);
  const Plan& plan = *result.run.plan;
  coverage::CapacityConfig config = CapacityConfigOf(plan.policy(), plan.key_column());
  ApplyCapacityOverrides(config, options.attrition, options.headcount);
  Table table = RunTable(*result.run.execution);
  result.plan =
      coverage::ComputeCapacityPlan(coverage::ReadCapacityAccounts(table, config.columns), config);
  if (!options.name.empty()) {
    const coverage::CapacityRow& total = result.plan.total;
    nlohmann::json summary = {{"accounts", total.accounts},
                              {"roles", result.plan.roles.size()},
                              {"headcount_needed", total.headcount_needed},
                              {"reps", total.reps}};
    PlanRecord record = DescribePlan(options.name, plan, options.run.policy_path,
                                     coverage::CapacityPlanJson(result.plan), summary);
    result.stored = SavePlan(*result.run.store, record);
  }
  return result;
}

}  // namespace acctseg
