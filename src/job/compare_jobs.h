// Comparison jobs: what moves between two policies over one input
// (whatif), or between two recorded runs (diff), with each moved account
// explained on both sides. The report is rendered by the front end
// (diff/diff.h: RenderDiff).
// Errors: acctseg::Error (policy, input, usage, store, not found,
// interrupted when the flag is set between stages).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "cache/input_cache.h"
#include "diff/diff.h"

namespace acctseg {

struct WhatifJobOptions {
  std::string policy_before, policy_after;
  std::vector<std::string> inputs;  // NAME=PATH or PATH
  size_t max_listed = 1000;
  std::string as_of;        // --as-of: the date AS_OF stands for; "" = the policy's
  int threads = 0;          // 0 = all cores
  std::string store;        // where predict steps find models; "" = the default
  InputCacheOptions cache;  // where parsed inputs are kept (off unless enabled)
  const std::atomic<bool>* cancelled = nullptr;
  std::string output;  // where the caller writes the report: refused if it is read here
};

struct WhatifJobResult {
  DiffReport report;
  size_t row_count = 0;
};

// Reads the input once, runs both policies over it, and compares them.
WhatifJobResult WhatifJob(const WhatifJobOptions& options);

struct DiffRunsJobOptions {
  std::string store;                  // "" = RunStore::DefaultLocation()
  std::string run_before, run_after;  // ids, prefixes, latest, latest~N
  size_t max_listed = 1000;
  // Re-run both stored policies (when their input is unchanged) to explain
  // the moved accounts.
  bool explain = true;
  InputCacheOptions cache;  // where the re-runs' parsed inputs are kept (off unless enabled)
  std::string output;       // where the caller writes the report: refused if it is the store
};

struct DiffRunsJobResult {
  DiffReport report;
  // Why the moves are not explained, when explain was asked for and could
  // not be done (input gone or changed, policy no longer compiles).
  std::string note;
};

DiffRunsJobResult DiffRunsJob(const DiffRunsJobOptions& options);

// A policy's name beside `others`: its file name, with its folder's where
// another of them has the same file name elsewhere (every example calls
// its policy policy.yaml: runs of planning/ and seed-policy/ read alike).
std::string PolicyNameAmong(const std::string& path, const std::vector<std::string>& others);

}  // namespace acctseg
