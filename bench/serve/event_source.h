// The events the load generator posts: updates of accounts sampled
// uniformly from an accounts file, each setting one integer input column of
// the seed policy to a random value (so segments, scores and tier ranks
// move the way real touchpoints move them).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace acctseg::serve_bench {

// An integer column an event may set, with the range its values take.
struct IntColumn {
  std::string name;
  int64_t min = 0, max = 0;
};

// Parses "employees:1:20000,web_visits_90d:0:200"; throws std::invalid_argument.
std::vector<IntColumn> ParseIntColumns(const std::string& spec);

// The values of column `column` (by its header name) of a CSV file, quotes
// understood. Throws std::runtime_error if the file or column is missing or
// the file has no rows.
std::vector<std::string> ReadColumn(const std::string& path, const std::string& column);

// Builds event bodies; one per thread (not thread-safe), reproducible from its seed.
class EventSource {
 public:
  EventSource(const std::vector<std::string>& account_ids, const std::vector<IntColumn>& columns,
              uint64_t seed);
  // One event as a JSON object, e.g. {"account_id":"A1","set":{"employees":5200}}.
  std::string Next();
  // `count` events as JSON Lines (application/x-ndjson), each line ended by \n.
  std::string NextBatch(size_t count);

 private:
  const std::vector<std::string>& account_ids_;
  const std::vector<IntColumn>& columns_;
  std::mt19937_64 rng_;
};

}  // namespace acctseg::serve_bench
