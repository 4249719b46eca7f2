#include "server/event_rates.h"

namespace acctseg::server {

void EventRates::Add(int64_t now_ms, uint64_t count) {
  const int64_t second = now_ms / 1000;
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_[second % buckets_.size()];
  if (bucket.second != second) bucket = {second, 0};
  bucket.count += count;
}

double EventRates::PerSecond(int64_t now_ms) const {
  const int64_t now = now_ms / 1000;
  uint64_t total = 0;
  std::lock_guard lock(mutex_);
  // The current second is still filling: the window ends before it.
  for (const Bucket& bucket : buckets_)
    if (bucket.second >= now - kWindowSeconds && bucket.second < now) total += bucket.count;
  return static_cast<double>(total) / kWindowSeconds;
}

}  // namespace acctseg::server
