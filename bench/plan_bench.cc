// The whole seed policy, as `acctseg run` does it minus the write: compile
// the policy, read the accounts, run every step. items/s counts accounts.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "plan/plan.h"

namespace acctseg::bench {
namespace {

// arg: threads.
void BM_SeedPlan(benchmark::State& state) {
  std::string accounts;
  if (!LoadOrSkip(state, [&] {
        accounts = AccountsPath();
        SeedPlan();  // fail here, not in the timed loop, on a broken policy
      })) {
    return;
  }
  RunOptions options;
  options.threads = static_cast<int>(state.range(0));
  size_t rows = 0;
  for (auto _ : state) {
    std::unique_ptr<Plan> plan = Plan::CompileFile(SeedPolicyPath());
    RunResult result = plan->Run(accounts, options);
    rows = result.outputs.row_count();
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_SeedPlan)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// Compiling the seed policy alone: YAML, binding, the regions table.
void BM_CompileSeedPolicy(benchmark::State& state) {
  if (!LoadOrSkip(state, [] { SeedPlan(); })) return;
  for (auto _ : state) {
    std::unique_ptr<Plan> plan = Plan::CompileFile(SeedPolicyPath());
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CompileSeedPolicy)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace acctseg::bench
