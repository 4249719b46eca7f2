// Dictionary::BuildInRowOrder on an id column that repeats (a related
// table's account ids: rows name fewer distinct accounts), the reader's
// largest cost on the many-sources workload. Args: rows, distinct ids,
// threads. Run with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the CLI runs.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "table/dictionary.h"
#include "table/recent_codes.h"

namespace acctseg::bench {
namespace {

// The ids packed end to end in runs of a reader chunk's size, with hashes.
struct PackedIds {
  std::vector<std::string> bytes;
  std::vector<std::vector<uint32_t>> ends;
  std::vector<std::vector<uint64_t>> hashes;
  std::vector<Dictionary::TextRun> runs;

  PackedIds(size_t rows, size_t distinct) {
    constexpr size_t kRunRows = size_t{1} << 20;
    std::mt19937_64 random(7);
    char id[16];
    for (size_t first = 0; first < rows; first += kRunRows) {
      const size_t count = std::min(kRunRows, rows - first);
      std::string& run_bytes = bytes.emplace_back();
      std::vector<uint32_t>& run_ends = ends.emplace_back();
      std::vector<uint64_t>& run_hashes = hashes.emplace_back();
      for (size_t i = 0; i < count; ++i) {
        int n = std::snprintf(id, sizeof id, "A%08zu", static_cast<size_t>(random() % distinct));
        run_bytes.append(id, static_cast<size_t>(n));
        run_ends.push_back(static_cast<uint32_t>(run_bytes.size()));
        run_hashes.push_back(Dictionary::Hash(std::string_view(id, static_cast<size_t>(n))));
      }
    }
    for (size_t r = 0; r < bytes.size(); ++r)
      runs.push_back({nullptr, hashes[r].data(), ends[r].size(), bytes[r].data(), ends[r].data()});
  }
};

void BM_BuildInRowOrder(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const PackedIds ids(rows, static_cast<size_t>(state.range(1)));
  const int threads = static_cast<int>(state.range(2));
  std::vector<uint32_t> codes(rows);
  for (auto _ : state) {
    auto dictionary = Dictionary::BuildInRowOrder(ids.runs, threads, codes.data());
    benchmark::DoNotOptimize(dictionary->size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_BuildInRowOrder)
    ->Args({10'000'000, 2'000'000, 2})
    ->Args({20'000'000, 10'000'000, 2})
    ->Args({10'000'000, 10'000'000, 2})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A low-cardinality column as the reader interns it, field by field: the
// stages of the many-sources benchmark's opportunities. Arg 1: through
// RecentCodes.
void BM_InternLowCardinality(benchmark::State& state) {
  const std::string_view stages[] = {"Closed Won", "Closed Lost", "Prospecting", "Negotiation",
                                     "Qualified"};
  std::mt19937_64 random(3);
  std::vector<std::string_view> rows(1'000'000);
  for (std::string_view& row : rows) row = stages[random() % 5];
  const bool recent = state.range(0) != 0;
  for (auto _ : state) {
    Dictionary dictionary;
    RecentCodes codes(dictionary);
    uint64_t sum = 0;
    for (std::string_view row : rows) sum += recent ? codes.Intern(row) : dictionary.Intern(row);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows.size()));
}
BENCHMARK(BM_InternLowCardinality)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace acctseg::bench
