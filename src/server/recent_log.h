// The last N entries of something (changed accounts, routing decisions) for
// GET /v1/changes and /v1/routes: a bounded ring, newest first on read, so
// memory stays flat however long the server runs. Thread-safe.
//
// An entry is kept as its own type and turned into JSON only when read
// (ToJson(entry), found by argument-dependent lookup): a batch of events
// adds one entry each on the path every event waits for, and the dashboard
// reads a few of them once a second (bench/README.md, "Live server").
#pragma once

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace acctseg::server {

// Entries that are JSON already.
inline const nlohmann::ordered_json& ToJson(const nlohmann::ordered_json& entry) { return entry; }

template <typename Entry>
class RecentLog {
 public:
  explicit RecentLog(size_t capacity) : capacity_(capacity) { ring_.reserve(capacity); }

  void Add(Entry entry) {
    std::lock_guard lock(mutex_);
    if (ring_.size() < capacity_) {
      ring_.push_back(std::move(entry));
    } else {
      ring_[next_] = std::move(entry);
    }
    next_ = (next_ + 1) % capacity_;
  }

  // At most `limit` entries, newest first, as a JSON array.
  nlohmann::ordered_json Newest(size_t limit) const {
    std::lock_guard lock(mutex_);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    const size_t count = std::min(limit, ring_.size());
    for (size_t i = 1; i <= count; ++i)
      out.push_back(ToJson(ring_[(next_ + capacity_ - i) % capacity_]));
    return out;
  }

  // A copy of the newest entry for which `matches(entry)` is true, if one
  // is still kept.
  template <typename Predicate>
  std::optional<Entry> FindNewest(Predicate matches) const {
    std::lock_guard lock(mutex_);
    for (size_t i = 1; i <= ring_.size(); ++i) {
      const Entry& entry = ring_[(next_ + capacity_ - i) % capacity_];
      if (matches(entry)) return entry;
    }
    return std::nullopt;
  }

  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<Entry> ring_;
  size_t next_ = 0;  // where the next entry goes
};

}  // namespace acctseg::server
