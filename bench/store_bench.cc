// Run store benchmarks (docs/run-store.md): saving and loading the results
// of a run, 14 columns shaped like acctseg output (store/synthetic_results.h).
//   BM_StoreEncode/<rows>         column_codec only (all columns, all threads)
//   BM_StoreSaveSqlite/<rows>     RunStore::Save into a SQLite file in $TMPDIR
//   BM_StoreLoadSqlite/<rows>     RunStore::LoadResults back from it
//   BM_StoreSavePostgres/<rows>   Save into $ACCTSEG_BENCH_PG (skipped if unset)
//   BM_StoreLoadPostgres/<rows>
// Rows are 1M and 10M; stored_MB is the size of the encoded columns.
//
//   build/acctseg_bench --benchmark_filter=Store
//   d=$(mktemp -d); export ACCTSEG_BENCH_PG=$(scripts/pg-test-server.sh start $d)
//   build/acctseg_bench --benchmark_filter=Store; scripts/pg-test-server.sh stop $d
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <pqxx/pqxx>

#include "common/parallel.h"
#include "store/column_codec.h"
#include "store/run_store.h"
#include "store/synthetic_results.h"

namespace acctseg {
namespace {

const Table& Results(size_t rows) {
  static std::map<size_t, Table> cache;
  auto [it, added] = cache.try_emplace(rows);
  if (added) it->second = SyntheticResults(rows, 1);
  return it->second;
}

double StoredMegabytes(const Table& table) {
  size_t bytes = 0;
  for (const std::string& blob : EncodeTable(table, HardwareThreads())) bytes += blob.size();
  return bytes / 1e6;
}

void BM_StoreEncode(benchmark::State& state) {
  const Table& table = Results(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(EncodeTable(table, HardwareThreads()));
  state.SetItemsProcessed(state.iterations() * table.row_count());
  state.counters["stored_MB"] = StoredMegabytes(table);
}

std::string SqlitePath(size_t rows) {
  return (std::filesystem::temp_directory_path() /
          ("acctseg-store-bench-" + std::to_string(getpid()) + "-" + std::to_string(rows) +
           ".sqlite"))
      .string();
}

void RemoveSqlite(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Saves into a store that already holds one run, as a store in use would.
void SaveBench(benchmark::State& state, const std::string& location) {
  const Table& table = Results(state.range(0));
  auto store = RunStore::Open(location);
  int run = 0;
  store->Save(SyntheticRunRecord("bench-warm-" + std::to_string(getpid()), 0, table), table);
  for (auto _ : state) {
    ++run;
    store->Save(SyntheticRunRecord("bench-" + std::to_string(getpid()) + "-" + std::to_string(run),
                                   run, table),
                table);
  }
  state.SetItemsProcessed(state.iterations() * table.row_count());
  state.counters["stored_MB"] = StoredMegabytes(table);
}

void LoadBench(benchmark::State& state, const std::string& location) {
  const Table& table = Results(state.range(0));
  auto store = RunStore::Open(location);
  std::string id =
      "bench-load-" + std::to_string(getpid()) + "-" + std::to_string(table.row_count());
  store->Save(SyntheticRunRecord(id, 0, table), table);
  for (auto _ : state) benchmark::DoNotOptimize(store->LoadResults(id));
  state.SetItemsProcessed(state.iterations() * table.row_count());
}

void BM_StoreSaveSqlite(benchmark::State& state) {
  std::string path = SqlitePath(state.range(0));
  RemoveSqlite(path);
  SaveBench(state, path);
  RemoveSqlite(path);
}

void BM_StoreLoadSqlite(benchmark::State& state) {
  std::string path = SqlitePath(state.range(0));
  RemoveSqlite(path);
  LoadBench(state, path);
  RemoveSqlite(path);
}

// A fresh schema per benchmark in the server named by ACCTSEG_BENCH_PG.
std::string PostgresSchemaUri(benchmark::State& state, const char* what) {
  const char* uri = std::getenv("ACCTSEG_BENCH_PG");
  if (uri == nullptr || *uri == '\0') {
    state.SkipWithError("set ACCTSEG_BENCH_PG to a postgresql:// URI");
    return "";
  }
  std::string schema = std::string("acctseg_bench_") + what + "_" + std::to_string(state.range(0));
  pqxx::connection connection(uri);
  pqxx::work tx(connection);
  tx.exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  tx.exec("CREATE SCHEMA " + schema);
  tx.commit();
  return std::string(uri) + (std::string(uri).find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + schema;
}

void BM_StoreSavePostgres(benchmark::State& state) {
  std::string uri = PostgresSchemaUri(state, "save");
  if (!uri.empty()) SaveBench(state, uri);
}

void BM_StoreLoadPostgres(benchmark::State& state) {
  std::string uri = PostgresSchemaUri(state, "load");
  if (!uri.empty()) LoadBench(state, uri);
}

#define STORE_BENCHMARK(name)         \
  BENCHMARK(name)                     \
      ->Arg(1000000)                  \
      ->Arg(10000000)                 \
      ->Unit(benchmark::kMillisecond) \
      ->UseRealTime()                 \
      ->MinTime(2)

STORE_BENCHMARK(BM_StoreEncode);
STORE_BENCHMARK(BM_StoreSaveSqlite);
STORE_BENCHMARK(BM_StoreLoadSqlite);
STORE_BENCHMARK(BM_StoreSavePostgres);
STORE_BENCHMARK(BM_StoreLoadPostgres);

}  // namespace
}  // namespace acctseg
