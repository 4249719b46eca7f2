// Turning a finished run into what the run store keeps, and comparing runs
// with explanations: the glue between plan/explain and store/diff.
#pragma once

#include <string>
#include <vector>

#include "diff/diff.h"
#include "plan/plan.h"
#include "store/run_record.h"

namespace acctseg {

struct CaptureOptions {
  std::string policy_path;
  std::string input_name;
  std::string input_path;
  nlohmann::json options;  // the command's options, as recorded
  int64_t started_at_ms = 0;
  bool trace = false;  // also keep the trace columns ("trace.*")
};

// A new run id: "YYYYMMDD-HHMMSS-xxxxxx" (UTC, then random hex).
std::string NewRunId();
int64_t NowMs();

// The record (provenance and summary) and the stored per-account results:
// output columns, then summary columns not in the output, then (with
// trace) one column per trace vector.
RunRecord CaptureRecord(const Execution& execution, const CaptureOptions& options);
Table CaptureResults(const Execution& execution, bool trace);

// The diff options a plan implies: its key, summary dimensions and measures.
DiffOptions DiffOptionsFor(const Plan& plan);
// The same, from a stored run's summary.
DiffOptions DiffOptionsFor(const RunRecord& record);

// Fills changed_step and both explanations for the listed moved accounts.
void ExplainMoves(const Execution& before, const Execution& after, DiffReport& report);

}  // namespace acctseg
