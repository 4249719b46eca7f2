// acctseg_bench: Google Benchmark micro benchmarks of the engine's layers on
// a generated account universe (see bench_data.h and bench/README.md):
//   io_bench.cc    BM_ReadCsv, BM_WriteTable
//   expr_bench.cc  BM_Eval/<expression>
//   plan_bench.cc  BM_SeedPlan, BM_CompileSeedPolicy
// Every benchmark reports items_per_second (rows, or accounts).
//
//   build/acctseg_bench                          # all, on 200k accounts
//   build/acctseg_bench --benchmark_filter=Eval  # a subset
//   ACCTSEG_BENCH_ROWS=1000000 build/acctseg_bench
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
