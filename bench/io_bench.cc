// The I/O layer: reading the accounts CSV into columns, and writing the
// seed plan's output columns as CSV or JSON Lines. items/s counts rows.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "io/csv_reader.h"
#include "io/table_writer.h"

namespace acctseg::bench {
namespace {

// Reads the columns the seed policy declares (args: threads, and 1 to also
// keep every other column, which adds the quoted, non-ASCII names).
void BM_ReadCsv(benchmark::State& state) {
  CsvReadOptions options;
  if (!LoadOrSkip(state, [&] {
        options.path = AccountsPath();
        options.columns = SeedPlan().input_columns();
      })) {
    return;
  }
  options.threads = static_cast<int>(state.range(0));
  options.keep_other_columns = state.range(1) != 0;
  size_t rows = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    CsvReadResult result = ReadCsv(options);
    rows = result.table.row_count();
    bytes = result.file_bytes;
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ReadCsv)
    ->ArgNames({"threads", "all_columns"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// Writes the seed plan's twelve output columns to a file in a scratch
// directory (args: threads, and 0 = CSV, 1 = JSON Lines). The write is
// atomic (temporary file, then rename), as in the CLI.
void BM_WriteTable(benchmark::State& state) {
  const RunResult* result = nullptr;
  std::string path;
  if (!LoadOrSkip(state, [&] {
        result = &SeedResult();
        path = ScratchDir() + "/out";
      })) {
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  const OutputFormat format = state.range(1) == 0 ? OutputFormat::kCsv : OutputFormat::kJsonLines;
  for (auto _ : state) {
    WriteTable(path, format, result->outputs, threads);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * result->outputs.row_count()));
}
BENCHMARK(BM_WriteTable)
    ->ArgNames({"threads", "jsonl"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace acctseg::bench
