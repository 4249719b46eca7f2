// The data the micro benchmarks share: one generated account universe and
// the seed policy compiled against it. Everything is made once per process,
// on first use, and is read-only afterwards.
//
// The universe comes from tests/data/gen_accounts.py (--seed 1), with
// ACCTSEG_BENCH_ROWS rows (default 200000), cached as
// bench/data/accounts-ROWS.csv so later runs skip the generator (bench/data/
// is git-ignored; run_bench.sh caches its universes there under the same
// names). The source tree is found from this file's path, or from
// ACCTSEG_SOURCE_DIR.
//
// Errors: acctseg::Error (kIo) when the generator cannot run; the policy
// and the reader throw their own errors. Benchmarks turn any of them into
// SkipWithError.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "io/csv_reader.h"
#include "plan/plan.h"

namespace acctseg::bench {

// The repository root (holds examples/, tests/, bench/).
const std::string& SourceDir();

// examples/seed-policy/policy.yaml under SourceDir().
std::string SeedPolicyPath();

// The generated accounts CSV; generates it on first call if not cached.
const std::string& AccountsPath();

// The seed policy, compiled once.
const Plan& SeedPlan();

// The accounts file read with the seed policy's input columns (2 threads).
const CsvReadResult& SeedInput();

// One run of the seed plan over the accounts file: the columns to write.
const RunResult& SeedResult();

// A scratch directory for output files, removed at exit.
const std::string& ScratchDir();

// Runs `load` (the set-up a benchmark needs before its timed loop); if it
// throws, marks the benchmark skipped with the error's message and returns
// false.
bool LoadOrSkip(benchmark::State& state, const std::function<void()>& load);

}  // namespace acctseg::bench
