#include "territory/exact_mip.h"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

namespace acctseg::territory {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// CBC sees the objective times this. Unscaled, one prospect moved in a book
// of 2,000 accounts costs 5e-5, inside CLP's tolerances: a subproblem whose
// start is optimal to within them sends CBC 2.10.8 down a path that aborts
// on an assertion (lowerValue <= upperValue in ClpNonLinearCost).
constexpr double kObjectiveScale = 1e4;

// The program in column form, built before handing it to CBC in one call.
struct Program {
  std::vector<std::vector<std::pair<int, double>>> columns;  // (row, coefficient)
  std::vector<double> objective, column_upper;
  std::vector<bool> integer;
  std::vector<double> row_lower, row_upper;

  int AddRow(double lower, double upper) {
    row_lower.push_back(lower);
    row_upper.push_back(upper);
    return static_cast<int>(row_lower.size()) - 1;
  }
  int AddColumn(double cost, bool is_integer, double upper = 1) {
    columns.emplace_back();
    objective.push_back(cost);
    integer.push_back(is_integer);
    column_upper.push_back(upper);
    return static_cast<int>(columns.size()) - 1;
  }
};

struct ModelDeleter {
  void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};

}  // namespace

ExactResult SolveExact(const CostModel& model, const std::vector<int32_t>& start,
                       const ExactLimits& limits, const MipScope& scope) {
  const Problem& problem = model.problem();
  const size_t reps = model.rep_count();
  std::vector<bool> open(reps, scope.open_reps.empty());
  for (int32_t p : scope.open_reps) open[p] = true;
  // Free: placeable, not locked, and (for a part of the plan) with an open
  // rep and marked free.
  auto is_free = [&](size_t u) {
    if (model.Fixed(u) || model.Eligible(u).empty()) return false;
    if (!scope.free_units.empty() && !scope.free_units[u]) return false;
    return scope.open_reps.empty() || (start[u] >= 0 && open[start[u]]);
  };
  Program program;
  // Units that are not free are constants: their loads and accounts are taken
  // off the right-hand sides, their cost is added back to the bound.
  std::vector<double> fixed_load(reps * kMeasures, 0);
  std::vector<double> fixed_accounts(reps, 0);
  double constant = 0;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (is_free(u)) continue;
    int32_t p = model.Fixed(u) ? model.Eligible(u)[0] : start[u];
    constant += model.UnitCost(u, p);
    if (p < 0) continue;
    for (int m = 0; m < kMeasures; ++m) fixed_load[p * kMeasures + m] += model.Amount(u, m);
    fixed_accounts[p] += problem.units[u].accounts;
  }
  // Reps no free unit may reach keep their penalty: a constant too.
  for (size_t p = 0; p < reps; ++p)
    if (!open[p]) constant += model.RepPenalty(static_cast<int32_t>(p), &fixed_load[p * kMeasures]);
  bool any_limit = false;
  for (size_t p = 0; p < reps; ++p) any_limit |= open[p] && problem.reps[p].max_accounts > 0;

  std::vector<int> upper_row(reps * kMeasures, -1), lower_row(reps * kMeasures, -1),
      limit_row(reps, -1);
  const double tolerance = model.options().tolerance;
  for (size_t p = 0; p < reps; ++p) {
    if (!open[p]) continue;
    for (int m = 0; m < kMeasures; ++m) {
      double mean = model.Mean(static_cast<int32_t>(p), m);
      if (mean <= 0) continue;
      size_t i = p * kMeasures + m;
      // Loads as shares of the mean, so that the rows are of order 1 whatever
      // the currency of potential (CLP's tolerances are absolute); the excess
      // above and below the band then costs 1 per share, like MeasurePenalty.
      upper_row[i] = program.AddRow(-kInf, 1 + tolerance - fixed_load[i] / mean);
      lower_row[i] = program.AddRow(1 - tolerance - fixed_load[i] / mean, kInf);
      int over = program.AddColumn(1, false, kInf);
      program.columns[over].emplace_back(upper_row[i], -1);
      int under = program.AddColumn(1, false, kInf);
      program.columns[under].emplace_back(lower_row[i], 1);
    }
    if (problem.reps[p].max_accounts > 0)
      limit_row[p] =
          program.AddRow(-kInf, std::max(0.0, problem.reps[p].max_accounts - fixed_accounts[p]));
  }
  // One assignment row and binaries per placeable unit.
  std::vector<int> first_column(model.unit_count(), -1);
  std::vector<int> mip_start_index;
  std::vector<double> mip_start_value;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (!is_free(u)) continue;
    int row = program.AddRow(1, 1);
    first_column[u] = static_cast<int>(program.columns.size());
    for (int32_t p : model.Eligible(u)) {
      if (!open[p]) continue;
      int column = program.AddColumn(model.UnitCost(u, p), true);
      auto& entries = program.columns[column];
      entries.emplace_back(row, 1);
      for (int m = 0; m < kMeasures; ++m) {
        size_t i = p * kMeasures + m;
        if (upper_row[i] < 0 || model.Amount(u, m) == 0) continue;
        double share = model.Amount(u, m) / model.Mean(p, m);
        entries.emplace_back(upper_row[i], share);
        entries.emplace_back(lower_row[i], share);
      }
      if (limit_row[p] >= 0) entries.emplace_back(limit_row[p], problem.units[u].accounts);
      mip_start_index.push_back(column);
      mip_start_value.push_back(start[u] == p ? 1 : 0);
    }
    if (any_limit) {
      int unassigned = program.AddColumn(model.UnitCost(u, -1), true);
      program.columns[unassigned].emplace_back(row, 1);
      mip_start_index.push_back(unassigned);
      mip_start_value.push_back(start[u] < 0 ? 1 : 0);
    }
  }

  std::vector<CoinBigIndex> starts{0};
  std::vector<int> rows;
  std::vector<double> values;
  for (auto& entries : program.columns) {
    std::sort(entries.begin(), entries.end());
    for (auto [row, value] : entries) rows.push_back(row), values.push_back(value);
    starts.push_back(static_cast<CoinBigIndex>(rows.size()));
  }
  std::vector<double> lower(program.columns.size(), 0);
  for (double& cost : program.objective) cost *= kObjectiveScale;
  std::unique_ptr<Cbc_Model, ModelDeleter> cbc(Cbc_newModel());
  Cbc_loadProblem(cbc.get(), static_cast<int>(program.columns.size()),
                  static_cast<int>(program.row_lower.size()), starts.data(), rows.data(),
                  values.data(), lower.data(), program.column_upper.data(),
                  program.objective.data(), program.row_lower.data(), program.row_upper.data());
  for (size_t c = 0; c < program.integer.size(); ++c)
    if (program.integer[c]) Cbc_setInteger(cbc.get(), static_cast<int>(c));
  Cbc_setLogLevel(cbc.get(), 0);
  // CBC counts CPU seconds unless told otherwise; the limit is wall time.
  Cbc_setParameter(cbc.get(), "timeMode", "elapsed");
  Cbc_setMaximumSeconds(cbc.get(), limits.time_limit_s);
  if (limits.max_nodes >= 0) Cbc_setMaximumNodes(cbc.get(), limits.max_nodes);
  if (!limits.preprocess) Cbc_setParameter(cbc.get(), "preprocess", "off");
  if (limits.threads > 1)
    Cbc_setParameter(cbc.get(), "threads", std::to_string(limits.threads).c_str());
  Cbc_setMIPStartI(cbc.get(), static_cast<int>(mip_start_index.size()), mip_start_index.data(),
                   mip_start_value.data());
  Cbc_solve(cbc.get());

  ExactResult result;
  result.proven_optimal = Cbc_isProvenOptimal(cbc.get());
  result.bound = Cbc_getBestPossibleObjValue(cbc.get()) / kObjectiveScale + constant;
  const double* solution = Cbc_bestSolution(cbc.get());
  result.status = result.proven_optimal                  ? "optimal"
                  : Cbc_isSecondsLimitReached(cbc.get()) ? "time limit"
                                                         : "stopped";
  if (!solution) return result;
  result.found = true;
  result.rep_of_unit = start;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (model.Fixed(u)) result.rep_of_unit[u] = model.Eligible(u)[0];
    if (first_column[u] < 0) continue;
    // The unit's columns: its open eligible reps in order, then "unassigned".
    result.rep_of_unit[u] = -1;
    int column = first_column[u];
    for (int32_t p : model.Eligible(u)) {
      if (!open[p]) continue;
      if (solution[column++] > 0.5) result.rep_of_unit[u] = p;
    }
  }
  return result;
}

}  // namespace acctseg::territory
