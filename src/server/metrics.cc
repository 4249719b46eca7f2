#include "server/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace acctseg::server {
namespace {

// A label value, escaped as the exposition format wants.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Header(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void Metrics::Request(const std::string& route, int status, double seconds) {
  size_t bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& latency = latency_[route];
  if (bucket < kBuckets.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum += seconds;
}

std::string Metrics::Render(uint64_t accounts, uint64_t last_event_id) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    Header(out, "acctseg_http_requests_total", "counter",
           "HTTP requests answered, by route and status.");
    for (const auto& [key, count] : requests_)
      out += fmt::format("acctseg_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         Label(key.first), key.second, count);
    Header(out, "acctseg_http_request_duration_seconds", "histogram",
           "Time from the request's routing to its answer, by route.");
    for (const auto& [route, latency] : latency_) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += latency.buckets[i];
        out += fmt::format(
            "acctseg_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
            Label(route), kBuckets[i], cumulative);
      }
      out += fmt::format(
          "acctseg_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
          Label(route), latency.count);
      out += fmt::format("acctseg_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                         Label(route), latency.sum);
      out += fmt::format("acctseg_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                         Label(route), latency.count);
    }
  }
  Header(out, "acctseg_events_applied_total", "counter",
         "Account events applied to the live state.");
  out += fmt::format("acctseg_events_applied_total {}\n", events_applied_.load());
  Header(out, "acctseg_accounts_changed_total", "counter",
         "Accounts whose outputs changed, summed over events.");
  out += fmt::format("acctseg_accounts_changed_total {}\n", accounts_changed_.load());
  Header(out, "acctseg_routes_total", "counter", "Routing decisions made.");
  out += fmt::format("acctseg_routes_total {}\n", routes_decided_.load());
  Header(out, "acctseg_accounts", "gauge", "Accounts in the live state.");
  out += fmt::format("acctseg_accounts {}\n", accounts);
  Header(out, "acctseg_last_event_id", "gauge", "Sequence number of the last applied log record.");
  out += fmt::format("acctseg_last_event_id {}\n", last_event_id);
  return out;
}

}  // namespace acctseg::server
