// Events and routing decisions per second over the last 10 seconds, for
// GET /v1/stats (the dashboard's rate chart): counts in one-second buckets
// keyed by the second they fell in. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>

namespace acctseg::server {

class EventRates {
 public:
  static constexpr int64_t kWindowSeconds = 10;

  void Add(int64_t now_ms, uint64_t count);
  // The mean rate over the last kWindowSeconds whole seconds before now.
  double PerSecond(int64_t now_ms) const;

 private:
  struct Bucket {
    int64_t second = -1;
    uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::array<Bucket, kWindowSeconds + 2> buckets_{};
};

}  // namespace acctseg::server
