// Keeping the run store: a stored run's results written out again (runs
// export), runs deleted by reference (runs delete) or by a retention rule
// (runs prune), and the space they held given back (--vacuum).
// Errors: acctseg::Error (kStore, kNotFound for a reference no run has,
// kUsage for a rule or column the command cannot take, kIo for the output).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace acctseg {

struct ExportRunOptions {
  std::string store;  // "" = RunStore::DefaultLocation()
  std::string run;    // an id, a unique prefix, latest or latest~N
  std::string output = "-";
  std::string format;                // csv or jsonl; "" = from the output's extension
  std::vector<std::string> columns;  // these, in this order; empty = the run's output columns
  bool all_columns = false;          // every stored column, summary and trace ones too
  bool escape_formulas = false;      // as run --escape-formulas
  // As run --delimiter and --decimal-mark; "" = as the run wrote its output.
  std::string delimiter;
  std::string decimal_mark;
  int threads = 0;  // 0 = all cores
};

struct ExportRunResult {
  RunRecord record;
  size_t rows = 0;
  size_t columns = 0;
};

// Writes the run's stored results as `run -o` wrote them (the same columns
// in the same order: the record's output_columns; for a run recorded
// before it kept that count, every column but the trace ones), or the
// columns asked for. The output is written whole or not at all, and never
// over the store's own files.
ExportRunResult ExportRun(const ExportRunOptions& options);

// Which runs a retention rule deletes. A run is kept while it is among the
// newest `keep_last` or started at or after `before_ms`; with only one of
// the two given, that one decides. `per_policy`: the newest are counted
// among the runs of the same policy file (a store shared by a nightly and
// an hourly policy keeps N of each).
struct PruneRule {
  std::optional<size_t> keep_last;
  std::optional<int64_t> before_ms;  // Unix epoch milliseconds
  bool per_policy = false;
};

// "90d", "12w", "36h", "2026-09-01" (midnight UTC), "2026-09-01T12:00:00Z":
// the moment `--older-than` names, counted back from `now_ms` for an age.
// Error(kUsage) saying the forms it takes.
int64_t OlderThanCutoff(const std::string& text, int64_t now_ms);

// The runs of `newest_first` (as RunStore::List gives them) that `rule`
// deletes, newest first. Error(kUsage) for a rule with neither part.
std::vector<RunRecord> RunsToPrune(const std::vector<RunRecord>& newest_first,
                                   const PruneRule& rule);

struct DeleteRunsOptions {
  std::string store;                    // "" = RunStore::DefaultLocation()
  std::vector<std::string> references;  // runs delete: ids, prefixes, latest~N
  std::optional<PruneRule> rule;        // runs prune: the rule instead
  bool dry_run = false;                 // name the runs, delete nothing
  bool vacuum = false;                  // RunStore::Compact after the delete
};

struct DeleteRunsResult {
  std::vector<RunRecord> runs;  // the runs chosen, newest first
  RunRemoval removal;           // empty for a dry run
  size_t kept = 0;              // runs left in the store
  std::string location;
};

// Resolves every reference first (an unknown one deletes nothing), then
// deletes the runs and the column blobs only they held in one transaction.
DeleteRunsResult DeleteRuns(const DeleteRunsOptions& options);

}  // namespace acctseg
