// One routing decision with the live demo policy (examples/live): fill the
// one-row table from an account's JSON and a touchpoint, match the rules,
// evaluate queue, priority and SLA, choose the owner, explain. The target
// is well under 50 µs (docs/routing.md). items/s counts decisions.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "routing/router.h"

namespace acctseg::bench {
namespace {

using Json = nlohmann::ordered_json;

// arg 0: an enterprise account's inbound call (rule 1, territory owner);
// arg 1: an unknown lead (rule 3, round robin in new-logo).
void BM_RouteDecision(benchmark::State& state) {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Router> router;
  if (!LoadOrSkip(state, [&] {
        plan = Plan::CompileFile(SourceDir() + "/examples/live/policy.yaml");
        router = Router::Compile(plan->policy(), *plan);
      })) {
    return;
  }
  router->SetOwners({{"A1", "rep-102"}});
  const Json account = {{"account_id", "A1"},
                        {"global_id", "A1"},
                        {"own_segment", "Enterprise"},
                        {"segment", "Enterprise"},
                        {"region", "AMER-W"},
                        {"score", 61.5},
                        {"tier", "A"},
                        {"potential", 900000},
                        {"whitespace", 800000},
                        {"road", "Develop"},
                        {"missing_products", "SEC"},
                        {"issues", ""}};
  const Json touchpoint = {{"type", "inbound_call"}, {"contact_title", "VP Engineering"}};
  const Json who = state.range(0) == 0 ? account : Json();
  int64_t at_ms = 1'796'000'000'000;
  for (auto _ : state) {
    RouteDecision decision = router->Route(who, touchpoint, at_ms++);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RouteDecision)->ArgName("unknown_lead")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace acctseg::bench
