// What the event log's tests share: reading a log back, and the bytes of its files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "live/event_log.h"

namespace acctseg::testing {

using LoggedRecords = std::vector<std::pair<uint64_t, std::string>>;

// Every record with seq > after, as (seq, payload).
inline LoggedRecords ReadBack(const EventLog& log, uint64_t after = 0) {
  LoggedRecords records;
  log.Replay(after, [&](uint64_t seq, std::string_view payload) {
    records.emplace_back(seq, std::string(payload));
  });
  return records;
}

// The path of the segment whose first record is `first_seq`.
inline std::string SegmentPath(const std::string& dir, uint64_t first_seq) {
  std::string digits = std::to_string(first_seq);
  return dir + "/log-" + std::string(20 - digits.size(), '0') + digits + ".wal";
}

}  // namespace acctseg::testing
