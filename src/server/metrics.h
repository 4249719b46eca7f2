// The server's Prometheus metrics (GET /metrics, text exposition format
// 0.0.4): requests by route and status, a request latency histogram per
// route, and the counters of the live state (events applied, accounts
// changed, routing decisions). Thread-safe; recording is a short critical
// section, so it stays off the hot path's scale.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace acctseg::server {

class Metrics {
 public:
  // One answered request: the route pattern ("/v1/accounts/{id}", not the
  // path, so that the label set stays small), its status and duration.
  void Request(const std::string& route, int status, double seconds);
  void EventsApplied(uint64_t events) { events_applied_ += events; }
  void AccountsChanged(uint64_t accounts) { accounts_changed_ += accounts; }
  void RoutesDecided(uint64_t routes) { routes_decided_ += routes; }

  uint64_t events_applied() const { return events_applied_; }
  uint64_t routes_decided() const { return routes_decided_; }

  // Everything, with the gauges given by the caller (accounts, last event id).
  std::string Render(uint64_t accounts, uint64_t last_event_id) const;

  // Upper bounds of the latency buckets, in seconds (+Inf implied).
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};

 private:
  struct Latency {
    std::array<uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed on render
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Latency> latency_;
  std::atomic<uint64_t> events_applied_{0}, accounts_changed_{0}, routes_decided_{0};
};

}  // namespace acctseg::server
