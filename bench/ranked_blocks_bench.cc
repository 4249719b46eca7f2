// A tier move in the live server's order statistics (src/live/ranked_blocks.h):
// erase an entry, insert it again with its score moved by up to ±10 (of
// 0..100, ties broken by a second key), and look up a random entry's rank,
// in a group of state.range(0) entries. bench/README.md, "Live updates",
// has the figures before and after blocks of 128 with a Fenwick tree.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "live/ranked_blocks.h"

namespace acctseg::bench {
namespace {

void BM_RankedBlocksMove(benchmark::State& state) {
  const size_t entries = static_cast<size_t>(state.range(0));
  std::mt19937_64 random(1);
  std::vector<RankedBlocks::Entry> entry_of(entries);
  RankedBlocks set([](int32_t a, int32_t b) { return a < b; });
  for (size_t i = 0; i < entries; ++i) {
    entry_of[i] = {random() % 101, random(), static_cast<int32_t>(i), false, false};
    set.Insert(entry_of[i]);
  }
  for (auto _ : state) {
    RankedBlocks::Entry& moved = entry_of[random() % entries];
    set.Erase(moved);
    moved.key = (moved.key + random() % 21 + 90) % 101;
    benchmark::DoNotOptimize(set.Insert(moved));
    benchmark::DoNotOptimize(set.Rank(entry_of[random() % entries]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RankedBlocksMove)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace acctseg::bench
