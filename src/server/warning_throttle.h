// A warning that may repeat thousands of times a second (every commit on a
// full disk fails) goes to the operator at most once an interval: the first
// line is written, those within the interval after it are only counted, and
// the next line written says how many were left out.
// Thread-safe: Warn may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace acctseg::server {

class WarningThrottle {
 public:
  using Write = std::function<void(const std::string& line)>;
  explicit WarningThrottle(Write write, int64_t interval_ms = 1000);

  // Writes `line` (with the count of lines left out since the last one
  // written), or counts it when one was written less than an interval ago.
  void Warn(const std::string& line, int64_t now_ms);

 private:
  const Write write_;
  const int64_t interval_ms_;
  mutable std::mutex mutex_;
  bool written_ = false;  // whether any line was written yet
  int64_t last_written_ms_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace acctseg::server
