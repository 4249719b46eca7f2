#include "latency_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace acctseg::serve_bench {
namespace {

double Rounded(double value) { return std::round(value * 1000) / 1000; }

double EventsPerSecond(const LoadResult& result) {
  return result.seconds > 0 ? result.events / result.seconds : 0;
}

}  // namespace

LatencySummary Summarize(std::vector<double>& latency_ms) {
  LatencySummary summary;
  if (latency_ms.empty()) return summary;
  std::sort(latency_ms.begin(), latency_ms.end());
  auto rank = [&](double p) {
    size_t index = static_cast<size_t>(std::ceil(p * latency_ms.size()));
    return latency_ms[std::clamp<size_t>(index, 1, latency_ms.size()) - 1];
  };
  summary.p50 = rank(0.50);
  summary.p90 = rank(0.90);
  summary.p99 = rank(0.99);
  summary.p999 = rank(0.999);
  summary.max = latency_ms.back();
  summary.mean = std::accumulate(latency_ms.begin(), latency_ms.end(), 0.0) / latency_ms.size();
  return summary;
}

nlohmann::ordered_json ResultJson(LoadResult& result) {
  LatencySummary latency = Summarize(result.latency_ms);
  nlohmann::ordered_json json;
  json["mode"] = result.mode;
  json["requests"] = result.requests;
  json["events"] = result.events;
  json["errors"] = result.errors;
  json["not_sent"] = result.not_sent;
  if (!result.first_error.empty()) json["first_error"] = result.first_error;
  json["seconds"] = Rounded(result.seconds);
  json["events_per_s"] = std::round(EventsPerSecond(result));
  json["latency_ms"] = {{"p50", Rounded(latency.p50)},
                        {"p90", Rounded(latency.p90)},
                        {"p99", Rounded(latency.p99)},
                        {"max", Rounded(latency.max)},
                        {"mean", Rounded(latency.mean)}};
  return json;
}

std::string ResultText(LoadResult& result) {
  LatencySummary latency = Summarize(result.latency_ms);
  std::string text = fmt::format(
      "{}: {} events in {} requests, {:.1f} s = {:.0f} events/s; {} errors, {} not sent\n"
      "  latency per request, ms: p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  max {:.3f}  mean {:.3f}\n",
      result.mode, result.events, result.requests, result.seconds, EventsPerSecond(result),
      result.errors, result.not_sent, latency.p50, latency.p90, latency.p99, latency.max,
      latency.mean);
  if (!result.first_error.empty()) text += fmt::format("  first error: {}\n", result.first_error);
  return text;
}

}  // namespace acctseg::serve_bench
