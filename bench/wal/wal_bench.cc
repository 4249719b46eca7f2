// Group commit throughput of the event log (bench/wal/README.md): THREADS
// threads Submit (or SubmitBatch) small JSON-like records through one
// Committer for SECONDS; prints records/s, commits/s, the mean commit size
// and the p50/p99/max latency of a submission (submit to acknowledged).
// Bounded: stops by itself; writes only into a temporary directory it removes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "live/committer.h"
#include "live/event_log.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Payload(int thread, long n, size_t bytes) {
  std::string payload = "{\"account_id\":\"A" + std::to_string(thread * 1000000 + n) +
                        "\",\"op\":\"update\",\"set\":{\"employees\":" + std::to_string(n % 9000) +
                        "},\"received_at_ms\":1764547200000,\"note\":\"";
  if (payload.size() + 2 < bytes) payload.append(bytes - payload.size() - 2, 'x');
  return payload + "\"}";
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t at = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  std::nth_element(values.begin(), values.begin() + at, values.end());
  return values[at];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Event log group commit throughput"};
  int threads = 16, batch = 1;
  double seconds = 3;
  size_t bytes = 200;
  std::string dir;
  app.add_option("--threads", threads, "submitting threads")->capture_default_str();
  app.add_option("--batch", batch, "records per SubmitBatch call")->capture_default_str();
  app.add_option("--seconds", seconds)->capture_default_str();
  app.add_option("--bytes", bytes, "bytes per record")->capture_default_str();
  app.add_option("--dir", dir, "log directory (default: a temporary one, removed)");
  CLI11_PARSE(app, argc, argv);
  bool temporary = dir.empty();
  if (temporary) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "acctseg-wal-bench-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  auto log = acctseg::EventLog::Open(dir, nullptr);
  std::vector<std::vector<double>> latencies(threads);
  {
    acctseg::Committer committer(
        *log, [](uint64_t seq, std::string_view) { return nlohmann::ordered_json(seq); });
    auto start = Clock::now();
    auto stop =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        for (long n = 0; Clock::now() < stop; ++n) {
          std::vector<std::string> payloads;
          for (int i = 0; i < batch; ++i) payloads.push_back(Payload(t, n * batch + i, bytes));
          auto before = Clock::now();
          committer.SubmitBatch(std::move(payloads));
          latencies[t].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        }
      });
    for (auto& worker : workers) worker.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    acctseg::Committer::Stats stats = committer.stats();
    std::vector<double> all;
    for (const auto& each : latencies) all.insert(all.end(), each.begin(), each.end());
    double p50 = Percentile(all, 0.5), p99 = Percentile(all, 0.99);
    double max = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    std::printf(
        "threads %d, batch %d, %zu-byte records, %.1f s: %.0f records/s, %.0f commits/s, %.1f "
        "records per commit; submit latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        threads, batch, bytes, elapsed, stats.records / elapsed, stats.commits / elapsed,
        stats.commits == 0 ? 0.0 : double(stats.records) / stats.commits, p50, p99, max);
  }
  log.reset();
  if (temporary) std::filesystem::remove_all(dir);
  return 0;
}
