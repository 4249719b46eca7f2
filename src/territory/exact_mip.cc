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
                       double time_limit_s, int threads) {
  const Problem& problem = model.problem();
  const size_t reps = model.rep_count();
  Program program;
  // Fixed units are constants: their loads and accounts are taken off the
  // right-hand sides, their cost is added back to the bound.
  std::vector<double> fixed_load(reps * kMeasures, 0);
  std::vector<double> fixed_accounts(reps, 0);
  double constant = 0;
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (!model.Fixed(u)) continue;
    int32_t p = model.Eligible(u)[0];
    for (int m = 0; m < kMeasures; ++m) fixed_load[p * kMeasures + m] += model.Amount(u, m);
    fixed_accounts[p] += problem.units[u].accounts;
    constant += model.UnitCost(u, p);
  }
  bool any_limit = std::any_of(problem.reps.begin(), problem.reps.end(),
                               [](const Rep& rep) { return rep.max_accounts > 0; });

  std::vector<int> upper_row(reps * kMeasures, -1), lower_row(reps * kMeasures, -1),
      limit_row(reps, -1);
  const double tolerance = model.options().tolerance;
  for (size_t p = 0; p < reps; ++p) {
    for (int m = 0; m < kMeasures; ++m) {
      double mean = model.Mean(static_cast<int32_t>(p), m);
      if (mean <= 0) continue;
      size_t i = p * kMeasures + m;
      upper_row[i] = program.AddRow(-kInf, (1 + tolerance) * mean - fixed_load[i]);
      lower_row[i] = program.AddRow((1 - tolerance) * mean - fixed_load[i], kInf);
      // Excess above and below the band, each at 1/mean like MeasurePenalty.
      int over = program.AddColumn(1 / mean, false, kInf);
      program.columns[over].emplace_back(upper_row[i], -1);
      int under = program.AddColumn(1 / mean, false, kInf);
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
    auto eligible = model.Eligible(u);
    if (model.Fixed(u) || eligible.empty()) continue;
    int row = program.AddRow(1, 1);
    first_column[u] = static_cast<int>(program.columns.size());
    for (int32_t p : eligible) {
      int column = program.AddColumn(model.UnitCost(u, p), true);
      auto& entries = program.columns[column];
      entries.emplace_back(row, 1);
      for (int m = 0; m < kMeasures; ++m) {
        size_t i = p * kMeasures + m;
        if (upper_row[i] < 0 || model.Amount(u, m) == 0) continue;
        entries.emplace_back(upper_row[i], model.Amount(u, m));
        entries.emplace_back(lower_row[i], model.Amount(u, m));
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
  Cbc_setMaximumSeconds(cbc.get(), time_limit_s);
  if (threads > 1) Cbc_setParameter(cbc.get(), "threads", std::to_string(threads).c_str());
  Cbc_setMIPStartI(cbc.get(), static_cast<int>(mip_start_index.size()), mip_start_index.data(),
                   mip_start_value.data());
  Cbc_solve(cbc.get());

  ExactResult result;
  result.proven_optimal = Cbc_isProvenOptimal(cbc.get());
  result.bound = Cbc_getBestPossibleObjValue(cbc.get()) + constant;
  const double* solution = Cbc_bestSolution(cbc.get());
  result.status = result.proven_optimal                  ? "optimal"
                  : Cbc_isSecondsLimitReached(cbc.get()) ? "time limit"
                                                         : "stopped";
  if (!solution) return result;
  result.found = true;
  result.rep_of_unit.assign(model.unit_count(), -1);
  for (size_t u = 0; u < model.unit_count(); ++u) {
    if (model.Fixed(u)) result.rep_of_unit[u] = model.Eligible(u)[0];
    if (first_column[u] < 0) continue;
    auto eligible = model.Eligible(u);
    for (size_t k = 0; k < eligible.size(); ++k)
      if (solution[first_column[u] + k] > 0.5) result.rep_of_unit[u] = eligible[k];
  }
  return result;
}

}  // namespace acctseg::territory
