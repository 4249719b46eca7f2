// Turning a finished run into what the run store keeps, and comparing runs
// with explanations: the glue between plan/explain and store/diff.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "diff/diff.h"
#include "plan/plan.h"
#include "store/run_record.h"

namespace acctseg {

struct CaptureOptions {
  std::string policy_path;
  // From FingerprintInput, taken before the run read them; one per input
  // of the policy, the accounts first.
  std::vector<InputFingerprint> inputs;
  nlohmann::json options;  // the command's options, as recorded
  int64_t started_at_ms = 0;
  bool trace = false;  // also keep the trace columns ("trace.*")
};

// The fingerprint of input `name` at `path` (absolute path, bytes, content
// hash; rows are filled in by CaptureRecord). A path that is not a regular
// file (a pipe) cannot be read twice: its hash is left empty.
// `content_hash`: the file's hash when the caller has it already (the
// input cache takes one of every file it reads); "" = hash the file here.
InputFingerprint FingerprintInput(const std::string& name, const std::string& path,
                                  const std::string& content_hash = "");

// A new run id: "YYYYMMDD-HHMMSS-xxxxxx", the time the run started (UTC,
// so that ids sort as `runs list` does, by start), then random hex.
std::string NewRunId(int64_t started_at_ms);
// Who and where, for provenance: $USER (else the password entry), the host name.
std::string UserName();
std::string HostName();
// `path` made absolute and normalized (as given if that fails).
std::string Absolute(const std::string& path);
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
// What two sides whose policies summarize differently can compare: the
// after side's dimensions and measures that the before side has too (and its
// key); the others are of one side only. (A dimension the before side
// lacked stopped the diff as "no column"; one the after side lacked was
// dropped without a word.)
struct CommonSummary {
  DiffOptions options;
  std::vector<std::string> only_before, only_after;
  // Notes them in `report` (DiffReport::not_compared_*).
  void NoteIn(DiffReport& report) const;
};
CommonSummary CommonDiffOptions(const DiffOptions& before, const DiffOptions& after);

// Fills changed_step and both explanations for the listed moved accounts;
// stops with kInterrupted once `cancelled` is set (a thousand
// explanations of a million-account run take seconds).
void ExplainMoves(const Execution& before, const Execution& after, DiffReport& report,
                  const std::atomic<bool>* cancelled);

}  // namespace acctseg
