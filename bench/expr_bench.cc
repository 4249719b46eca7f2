// Expression evaluation: one bound expression evaluated batch by batch
// (kBatchRows rows each) over the accounts read with the seed policy's
// input columns, on one thread. items/s counts rows.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "bench_data.h"
#include "common/error.h"
#include "common/parallel.h"
#include "expr/binder.h"
#include "expr/bound_expr.h"

namespace acctseg::bench {
namespace {

// Binds `text` against the seed input's columns and fills `run` with them.
ExprPtr BindOverSeedInput(const std::string& text, RunData& run) {
  const CsvReadResult& input = SeedInput();
  Scope scope;
  const std::vector<CsvColumnRequest>& columns = SeedPlan().input_columns();
  for (size_t slot = 0; slot < columns.size(); ++slot) {
    scope.columns[columns[slot].name] = {columns[slot].type, static_cast<int>(slot)};
    run.slots.push_back(input.table.Get(columns[slot].name));
  }
  Diagnostics diagnostics;
  ExprBinder binder(&diagnostics);
  ExprPtr expr = binder.Bind(ExprText{text, {}, true, {}}, scope);
  if (!expr) {
    diagnostics.ThrowIfAny();
    throw Error(ErrorKind::kPolicy, "cannot bind: " + text);
  }
  run.row_count = input.table.row_count();
  run.node_count = binder.node_count();
  run.prepared.assign(run.node_count, nullptr);
  run.threads = 1;
  return expr;
}

void BM_Eval(benchmark::State& state, const std::string& text) {
  RunData run;
  ExprPtr expr;
  if (!LoadOrSkip(state, [&] { expr = BindOverSeedInput(text, run); })) return;
  expr->Prepare(run);
  EvalScratch scratch;
  InitScratch(scratch, run.node_count);
  Vector out;
  for (auto _ : state) {
    for (size_t begin = 0; begin < run.row_count; begin += kBatchRows) {
      scratch.arena.Clear();
      Batch batch{run, begin, std::min(kBatchRows, run.row_count - begin), scratch};
      expr->Eval(batch, out);
      benchmark::DoNotOptimize(out.null.data());
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * run.row_count));
}

// Decimal arithmetic with NULL handling: the score's adoption and intent terms.
BENCHMARK_CAPTURE(BM_Eval, decimal_arithmetic,
                  std::string("0.06 * LEAST(active_users, 500) + 0.3 * COALESCE(intent_score, 0)"))
    ->Unit(benchmark::kMicrosecond);

// A string against a list of literals: the score's adjacent-industry term.
BENCHMARK_CAPTURE(BM_Eval, string_in,
                  std::string("industry IN ('Healthcare', 'Retail', 'Manufacturing', "
                              "'Telecommunications')"))
    ->Unit(benchmark::kMicrosecond);

// Searched CASE over comparisons, giving strings: the ROAD quadrant.
BENCHMARK_CAPTURE(BM_Eval, case_when,
                  std::string("CASE WHEN arr >= 100000 AND employees >= 4001 THEN 'Develop' "
                              "WHEN arr >= 100000 THEN 'Retain' "
                              "WHEN employees >= 4001 THEN 'Acquire' "
                              "ELSE 'Opportunistic' END"))
    ->Unit(benchmark::kMicrosecond);

// Numeric comparisons and IN, at one scale and at mixed scales (arr is an
// integer): mixed scales compare exactly (policy-language §4.4), which must
// cost about what one scale does.
BENCHMARK_CAPTURE(BM_Eval, compare_same_scale,
                  std::string("arr >= 100000 OR arr IN (0, 5000, 25000)"))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Eval, compare_mixed_scales,
                  std::string("arr >= 99999.5 OR arr IN (0, 5000, 25000.5)"))
    ->Unit(benchmark::kMicrosecond);

// Simple CASE on a string, giving decimals: the seat share.
BENCHMARK_CAPTURE(BM_Eval, case_value,
                  std::string("CASE industry WHEN 'Software' THEN 0.30 "
                              "WHEN 'Financial Services' THEN 0.15 "
                              "WHEN 'Telecommunications' THEN 0.10 ELSE 0.05 END"))
    ->Unit(benchmark::kMicrosecond);

// List functions on split text: the missing products.
BENCHMARK_CAPTURE(BM_Eval, list_functions,
                  std::string("LIST_JOIN(LIST_EXCEPT(['CORE', 'SEC', 'OBS', 'SEARCH', 'CLOUD'], "
                              "TRIM(SPLIT(products, ';'))), ';')"))
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace acctseg::bench
