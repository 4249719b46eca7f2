// Jobs: what a front end asks the library to do, end to end. A job takes
// plain options, does every stage (compile, read, execute, write, record)
// and returns what a front end prints; the CLI and the coming server call
// the same functions, so the sequence and its guarantees live once.
//
// RunJob's guarantees (docs/cli.md, "Interrupts"):
//   - the output appears complete or not at all (temporary file + rename);
//   - with a store, the output is written (and flushed to disk) on a
//     thread of its own while the run is recorded, and the record's
//     transaction commits only after the output is complete, *before* the
//     output is renamed into place: an error or interrupt up to that point
//     leaves neither output nor record (Error kind kInterrupted);
//   - after the record is committed the job finishes publishing the output
//     even if cancelled, and reports that the interrupt came too late
//     (RunJobResult::late_interrupt);
//   - the input is fingerprinted as it is read (the input cache's content
//     hash, taken before the parse) or before, and checked unchanged after;
//     an output path that is one of the inputs is refused.
// Errors: acctseg::Error of every kind (policy, input, io, store, usage).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cache/input_cache.h"
#include "io/table_writer.h"
#include "plan/plan.h"

namespace acctseg {

struct RunJobOptions {
  std::string policy_path;
  std::vector<std::string> inputs;  // NAME=PATH, or a bare PATH for the policy's one input
  std::string output_path = "-";    // "-" = standard output
  std::string format;               // csv, jsonl; "" = from the output's extension
  int threads = 0;                  // 0 = all cores
  bool keep_columns = false;
  bool trace = false;  // keep every account's full trace in the store
  bool record = true;  // record the run in the run store
  std::string store;   // store location; "" = RunStore::DefaultLocation()
  // Guard CSV text cells for a spreadsheet (WriteOptions::escape_formulas).
  bool escape_formulas = false;
  // A CSV output's delimiter and decimal mark as named by --delimiter and
  // --decimal-mark (CsvDialectFor); "" = ',' and '.'.
  std::string delimiter;
  std::string decimal_mark;
  // Inputs whose files acctseg wrote (RunOptions::written_by_acctseg).
  std::set<std::string> written_by_acctseg;
  // Run an accounts input that has a header and no rows. Off, such an input
  // stops the job (kInput) before anything is written or recorded: an
  // export that came back empty would replace the last output with none.
  bool allow_empty = false;
  // Warnings (RunResult::notes: related rows that match no account, a
  // total line, ...) stop the job (kInput) before anything is written or
  // recorded, for a scheduled job that alerts on its exit code.
  bool strict = false;
  // Called when the run's save has waited two seconds for another
  // process's lock on the store (RunStore::Open), with what it waits for.
  std::function<void(const std::string&)> on_store_wait;
  std::string as_of;        // --as-of: the date AS_OF stands for; "" = the policy's
  InputCacheOptions cache;  // where parsed inputs are kept (off unless enabled)
  bool profile = false;     // measure each stage's peak memory too (StageTiming)
  bool fuse = true;         // RunOptions::fuse (--no-fuse: step by step, for comparing)
  bool run_ahead = true;    // RunOptions::run_ahead (--no-run-ahead: for comparing)
  // Set from another thread (a signal handler) to stop the job between stages.
  const std::atomic<bool>* cancelled = nullptr;
  // Called as the job moves on: (stages done, stages in all, rows, stage name).
  std::function<void(size_t, size_t, size_t, const std::string&)> progress;
};

struct RunJobResult {
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Execution> execution;
  std::string run_id;          // "" when not recorded
  std::string store_location;  // "" when not recorded
  // Every stage: "compile policy", the run's own stages, then "write", or
  // with a store the record's stages (the write runs beside them).
  std::vector<StageTiming> timings;
  double seconds = 0;           // the whole job
  bool late_interrupt = false;  // cancelled after the run was committed
  int threads = 1;
};

RunJobResult RunJob(const RunJobOptions& options);

}  // namespace acctseg
