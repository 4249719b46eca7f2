// What the run store keeps about one run: its identity, provenance (who,
// when, which policy, which inputs, which options) and a summary. The
// per-account results themselves are a Table (see RunStore).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace acctseg {

struct InputFingerprint {
  std::string name;  // the policy's input name, e.g. "accounts"
  std::string path;  // as given on the command line, made absolute
  uint64_t bytes = 0;
  std::string content_hash;  // "xxh3-128:<32 hex digits>" of the file's bytes
  uint64_t rows = 0;
};

struct RunRecord {
  std::string id;             // e.g. "20261126-004512-3f9a2c" (sortable by start time)
  int64_t started_at_ms = 0;  // Unix epoch milliseconds
  int64_t finished_at_ms = 0;
  std::string user;  // $USER or the login name
  std::string host;
  std::string policy_path;  // absolute
  std::string policy_text;
  std::string policy_hash;  // "xxh3-128:<hex>" of policy_text
  std::vector<InputFingerprint> inputs;
  nlohmann::json options;  // threads, keep_columns, trace, output path, format
  // Counts and sums per summary dimension (history/summary.h: SummarizeRun):
  // {"rows": N, "dimensions": {"segment": {"SMB": {"count": 5, "arr": 123, ...}, ...}, ...},
  //  "measures": ["arr", "potential"], "key": "account_id"}, its dimensions
  // in the policy's order (runs recorded before kept them sorted by name).
  nlohmann::ordered_json summary;
  uint64_t row_count = 0;
  // Set only in a list (RunStore::List): what of this run's record could
  // not be read ("its summary is not JSON: ..."), so that one damaged row
  // does not hide every other run. Get refuses such a run instead.
  std::string damaged;
};

}  // namespace acctseg
