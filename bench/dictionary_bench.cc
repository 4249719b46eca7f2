// Dictionary::BuildInRowOrder on an id column that repeats (a related
// table's account ids: rows name fewer distinct accounts), the reader's
// largest cost on the many-sources workload. Args: rows, distinct ids,
// threads. Then the probes of a built id dictionary (FindEntriesOf: the
// family step's parents, a related input's keys). Run with
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the CLI runs.
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

// The parent ids of a hierarchy looked up among the account ids:
// FindEntriesOf of a dictionary of `lookups` ids (a share of them, `percent
// present`, among the accounts; the others not) in one of `accounts` ids
// built as the reader builds it. Args: accounts, lookups, percent present.
void BM_FindEntriesOf(benchmark::State& state) {
  const size_t accounts = static_cast<size_t>(state.range(0));
  const size_t lookups = static_cast<size_t>(state.range(1));
  const PackedIds ids(accounts, size_t{1} << 40);  // all distinct (or nearly)
  std::vector<uint32_t> codes(accounts);
  auto here = Dictionary::BuildInRowOrder(ids.runs, 2, codes.data());
  Dictionary parents;
  std::mt19937_64 random(11);
  for (size_t i = 0; i < lookups; ++i) {
    const uint32_t code = static_cast<uint32_t>(random() % here->size());
    if (static_cast<int64_t>(random() % 100) < state.range(2))
      parents.Intern(here->Get(code));
    else
      parents.Intern("B" + std::string(here->Get(code)).substr(1));  // same shape, absent
  }
  std::vector<uint32_t> found(parents.size());
  for (auto _ : state) {
    here->FindEntriesOf(parents, 0, parents.size(), found.data());
    benchmark::DoNotOptimize(found.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * parents.size()));
}
BENCHMARK(BM_FindEntriesOf)
    ->Args({10'000'000, 2'000'000, 95})
    ->Args({10'000'000, 2'000'000, 5})
    ->Args({1'000'000, 200'000, 95})
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
