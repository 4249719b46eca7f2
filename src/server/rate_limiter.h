// Requests per second per token (--rate-limit): a token bucket per key that
// refills at `rate` a second and holds at most one second's worth, so a
// client may burst up to `rate` requests and then sustain `rate`/s. Beyond
// that the server answers 429. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace acctseg::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // rate 0 = unlimited.
  explicit RateLimiter(double rate) : rate_(rate) {}

  // Takes one request from `key`'s bucket; false when it is empty.
  bool Allow(const std::string& key, Clock::time_point now = Clock::now()) {
    return Take(key, now) == 0;
  }
  // As Allow; 0 when the request is taken, else the seconds until the
  // bucket holds one (for Retry-After: over 1 s where the rate is below 1/s).
  double Take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled;
  };
  const double rate_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace acctseg::server
