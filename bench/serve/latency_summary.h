// What one load-generator run measured: counts, throughput and latency
// percentiles, printed as text and as JSON (run.sh keeps both).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace acctseg::serve_bench {

struct LoadResult {
  std::string mode;                // "single" or "batch"
  uint64_t requests = 0;           // answered with 2xx
  uint64_t events = 0;             // in those requests
  uint64_t errors = 0;             // non-2xx answers and transport failures
  uint64_t not_sent = 0;           // single: scheduled, but the run had ended (server behind)
  std::string first_error;         // the first one, for the report
  double seconds = 0;              // wall time from the first scheduled send to the last answer
  std::vector<double> latency_ms;  // one per answered request (any status)
};

struct LatencySummary {
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles; sorts `latency_ms`. Zeros for no samples.
LatencySummary Summarize(std::vector<double>& latency_ms);

// The run as one JSON object (the settings are merged in by the caller).
nlohmann::ordered_json ResultJson(LoadResult& result);

// Human-readable lines, e.g. "single: 300000 events in 60.0 s = 5000 events/s; latency ms p50 0.31
// ...".
std::string ResultText(LoadResult& result);

}  // namespace acctseg::serve_bench
