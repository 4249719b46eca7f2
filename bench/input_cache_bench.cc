// The input cache (docs/cache.md): what a rerun pays instead of the CSV
// parse — hashing the input, loading its entry — and the choice of layout:
// the cache's plain arrays against the run store's compressed column codec
// (store/column_codec.h) for the same columns. items/s counts rows.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "cache/cache_key.h"
#include "cache/cached_read.h"
#include "store/column_codec.h"
#include "store/content_hash.h"

namespace acctseg::bench {
namespace {

constexpr const char* kKey = "bench";

std::string EntryPath() { return ScratchDir() + "/bench.acache"; }

// HashFile of the accounts file: the key of every lookup pays it.
void BM_InputCacheHashFile(benchmark::State& state) {
  uint64_t bytes = 0;
  if (!LoadOrSkip(state, [&] { bytes = SeedInput().file_bytes; })) return;
  for (auto _ : state) benchmark::DoNotOptimize(HashFile(AccountsPath()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * SeedInput().table.row_count()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_InputCacheHashFile)->UseRealTime()->Unit(benchmark::kMillisecond);

// Writes the seed policy's 13 input columns as an entry (temporary + fsync + rename).
void BM_InputCacheWrite(benchmark::State& state) {
  if (!LoadOrSkip(state, [] { SeedInput(); })) return;
  for (auto _ : state) WriteCachedRead(EntryPath(), kKey, SeedInput(), UINT64_MAX);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * SeedInput().table.row_count()));
}
BENCHMARK(BM_InputCacheWrite)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// Loads that entry (mapped, every section's checksum verified), as a rerun does.
void BM_InputCacheLoad(benchmark::State& state) {
  if (!LoadOrSkip(state, [] { WriteCachedRead(EntryPath(), kKey, SeedInput(), UINT64_MAX); }))
    return;
  std::string problem;
  for (auto _ : state) {
    std::optional<CsvReadResult> read =
        LoadCachedRead(EntryPath(), kKey, static_cast<int>(state.range(0)), problem);
    if (!read) state.SkipWithError(problem.c_str());
    benchmark::DoNotOptimize(read);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * SeedInput().table.row_count()));
}
BENCHMARK(BM_InputCacheLoad)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// The alternative layout: the same columns through the run store's codec
// (zigzag varints + zstd), decoded as the store loads results.
void BM_InputCacheColumnCodecDecode(benchmark::State& state) {
  std::vector<std::string> blobs;
  if (!LoadOrSkip(state, [&] { blobs = EncodeTable(SeedInput().table, 2); })) return;
  std::vector<std::string_view> views(blobs.begin(), blobs.end());
  size_t bytes = 0;
  for (const std::string& blob : blobs) bytes += blob.size();
  for (auto _ : state)
    benchmark::DoNotOptimize(DecodeTable(SeedInput().table.names(), views, 0, 2));
  state.counters["encoded_MB"] = static_cast<double>(bytes) / 1e6;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * SeedInput().table.row_count()));
}
BENCHMARK(BM_InputCacheColumnCodecDecode)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

void BM_InputCacheColumnCodecEncode(benchmark::State& state) {
  if (!LoadOrSkip(state, [] { SeedInput(); })) return;
  for (auto _ : state) benchmark::DoNotOptimize(EncodeTable(SeedInput().table, 2));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * SeedInput().table.row_count()));
}
BENCHMARK(BM_InputCacheColumnCodecEncode)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace acctseg::bench
