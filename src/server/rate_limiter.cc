#include "server/rate_limiter.h"

#include <algorithm>

namespace acctseg::server {

double RateLimiter::Take(const std::string& key, Clock::time_point now) {
  if (rate_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& bucket = it->second;
  // A bucket holds a second's worth, and at least one request.
  const double capacity = std::max(rate_, 1.0);
  if (inserted) {
    bucket.tokens = capacity;
  } else {
    double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(capacity, bucket.tokens + std::max(0.0, seconds) * rate_);
  }
  bucket.refilled = now;
  if (bucket.tokens < 1) return (1 - bucket.tokens) / rate_;
  bucket.tokens -= 1;
  return 0;
}

}  // namespace acctseg::server
