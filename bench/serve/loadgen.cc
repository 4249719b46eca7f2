// The load generator for `acctseg serve` (bench/README.md, "Live server"):
// posts account updates to POST /v1/events over N keep-alive connections,
// one thread each, and reports events/s and latency percentiles as text and
// JSON. Bounded: it stops at --duration seconds or --events events, whichever
// comes first, and it only talks to a server on this machine (loopback).
//
//   single: one event per request at a fixed total --rate, open loop: each
//           request has a scheduled send time and its latency is measured
//           from that time, so a server that falls behind shows its queueing
//           delay instead of slowing the generator down (no coordinated
//           omission).
//   batch:  --batch events per request as application/x-ndjson, each
//           connection sending its next batch as soon as the last is answered
//           (the most the server sustains).
#include <fmt/format.h>
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>

#include "event_source.h"
#include "latency_summary.h"

namespace acctseg::serve_bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
  std::string url = "http://127.0.0.1:8080";
  std::string token_file;
  std::string accounts;
  std::string id_column = "account_id";
  std::string mode = "single";
  double rate = 1000;
  size_t batch = 1000;
  size_t connections = 4;
  double duration_s = 10;
  uint64_t max_events = 0;  // 0: no bound but the duration
  std::string set = "employees:1:20000,web_visits_90d:0:200,active_users:0:2000,intent_score:0:100";
  uint64_t seed = 1;
  double timeout_s = 10;  // per request: the run ends by --duration plus this
  std::string json_path;
  std::string timeline_path;
};

struct Target {
  std::string host;
  int port = 0;
};

// Only http://HOST:PORT with a loopback HOST: a load generator must not be
// pointed at someone else's server by a typo.
Target LoopbackTarget(const std::string& url) {
  static const std::regex kUrl(R"(http://(\[::1\]|localhost|127\.\d+\.\d+\.\d+):(\d+)/?)");
  std::smatch match;
  if (!std::regex_match(url, match, kUrl))
    throw std::invalid_argument(fmt::format(
        "--url {}: only http://HOST:PORT on loopback (127.x.x.x, localhost, [::1]) is allowed",
        url));
  std::string host = match[1];
  if (host == "[::1]") host = "::1";
  return {host, std::stoi(match[2])};
}

std::string ReadToken(const std::string& token_file) {
  std::string token;
  if (!token_file.empty()) {
    std::ifstream in(token_file);
    if (!in) throw std::runtime_error(fmt::format("cannot read {}", token_file));
    std::getline(in, token);
  } else if (const char* env = std::getenv("ACCTSEG_TOKEN")) {
    token = env;
  }
  if (token.empty()) throw std::invalid_argument("no token: --token-file FILE or ACCTSEG_TOKEN");
  return token;
}

// What every worker shares: the plan of the run and the bound on events.
struct Run {
  const Settings& settings;
  Target target;
  httplib::Headers headers;
  const std::vector<std::string>& account_ids;
  const std::vector<IntColumn>& columns;
  Clock::time_point start, end;
  std::atomic<uint64_t> reserved{0};  // events handed out so far, against --events

  // Reserves `count` events; false once --events is reached.
  bool Reserve(uint64_t count) {
    if (settings.max_events == 0) return true;
    return reserved.fetch_add(count) + count <= settings.max_events;
  }
};

// One answered or failed request for --timeline: when it was due (seconds
// from the start) and how long it took, so a tail can be placed in time.
struct TimelineEntry {
  double due_s;
  double latency_ms;
};

struct WorkerResult {
  LoadResult result;
  Clock::time_point last_answer;
  std::vector<TimelineEntry> timeline;
};

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Sends one request and records its outcome; latency runs from `since`.
void Send(httplib::Client& client, const Run& run, const std::string& body,
          const std::string& content_type, uint64_t events, Clock::time_point since,
          WorkerResult& out) {
  auto response = client.Post("/v1/events", run.headers, body, content_type);
  Clock::time_point answered = Clock::now();
  out.last_answer = answered;
  out.timeline.push_back(
      {std::chrono::duration<double>(since - run.start).count(), Milliseconds(answered - since)});
  if (response && response->status / 100 == 2) {
    out.result.requests++;
    out.result.events += events;
    out.result.latency_ms.push_back(Milliseconds(answered - since));
    return;
  }
  out.result.errors++;
  if (response) out.result.latency_ms.push_back(Milliseconds(answered - since));
  if (out.result.first_error.empty()) {
    out.result.first_error =
        response ? fmt::format("HTTP {}: {}", response->status, response->body.substr(0, 300))
                 : "transport: " + httplib::to_string(response.error());
  }
}

void Worker(Run& run, size_t index, WorkerResult& out) {
  const Settings& s = run.settings;
  httplib::Client client(run.target.host, run.target.port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(5);
  client.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::duration<double>(s.timeout_s)));
  // The connection opens before the clock starts (see RunLoad): the
  // handshake, and the server's thread for a new connection, are not part
  // of the first event's latency.
  client.Get("/healthz");
  EventSource source(run.account_ids, run.columns, s.seed * 1000003 + index);
  out.last_answer = run.start;
  if (s.mode == "single") {
    // Thread `index` owns sends index, index + N, index + 2N, ... of one
    // global schedule at `rate` events/s.
    for (uint64_t k = 0;; ++k) {
      double offset_s = (index + k * s.connections) / s.rate;
      auto scheduled = run.start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(offset_s));
      if (scheduled >= run.end || !run.Reserve(1)) break;
      // A server that fell behind: what was scheduled after --duration is
      // not sent (counted), so the run still ends on time.
      if (Clock::now() >= run.end) {
        out.result.not_sent++;
        continue;
      }
      std::string body = source.Next();
      std::this_thread::sleep_until(scheduled);
      Send(client, run, body, "application/json", 1, scheduled, out);
    }
  } else {
    while (Clock::now() < run.end && run.Reserve(s.batch)) {
      std::string body = source.NextBatch(s.batch);
      Send(client, run, body, "application/x-ndjson", s.batch, Clock::now(), out);
    }
  }
}

void WriteTimeline(const std::string& path, const std::vector<WorkerResult>& results) {
  std::vector<TimelineEntry> all;
  for (const WorkerResult& r : results) all.insert(all.end(), r.timeline.begin(), r.timeline.end());
  std::sort(all.begin(), all.end(),
            [](const TimelineEntry& a, const TimelineEntry& b) { return a.due_s < b.due_s; });
  std::ofstream out(path);
  out << "due_s,latency_ms\n";
  for (const TimelineEntry& e : all) out << fmt::format("{:.6f},{:.3f}\n", e.due_s, e.latency_ms);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path));
}

LoadResult RunLoad(const Settings& s) {
  std::vector<std::string> ids = ReadColumn(s.accounts, s.id_column);
  std::vector<IntColumn> columns = ParseIntColumns(s.set);
  Run run{s,
          LoopbackTarget(s.url),
          {{"Authorization", "Bearer " + ReadToken(s.token_file)}},
          ids,
          columns,
          {},
          {}};
  // Connections open before the clock starts (each worker asks /healthz
  // first; the first request of each would otherwise carry the TCP
  // handshake and the server's start of a thread for it).
  run.start = Clock::now() + std::chrono::milliseconds(200);
  run.end = run.start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(s.duration_s));
  std::vector<WorkerResult> results(s.connections);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < s.connections; ++i)
    threads.emplace_back([&run, &results, i] { Worker(run, i, results[i]); });
  for (std::thread& t : threads) t.join();
  if (!s.timeline_path.empty()) WriteTimeline(s.timeline_path, results);

  LoadResult total;
  total.mode = s.mode;
  Clock::time_point last = run.start;
  for (WorkerResult& r : results) {
    total.requests += r.result.requests;
    total.events += r.result.events;
    total.errors += r.result.errors;
    total.not_sent += r.result.not_sent;
    if (total.first_error.empty()) total.first_error = r.result.first_error;
    total.latency_ms.insert(total.latency_ms.end(), r.result.latency_ms.begin(),
                            r.result.latency_ms.end());
    last = std::max(last, r.last_answer);
  }
  total.seconds = std::chrono::duration<double>(last - run.start).count();
  return total;
}

int Main(int argc, char** argv) {
  Settings s;
  CLI::App app{"Bounded load generator for acctseg serve (loopback only)"};
  app.add_option("--url", s.url, "Server, http://127.0.0.1:PORT")->capture_default_str();
  app.add_option("--token-file", s.token_file,
                 "File whose first line is a write token (else $ACCTSEG_TOKEN)");
  app.add_option("--accounts", s.accounts, "Accounts CSV the ids are sampled from")->required();
  app.add_option("--id-column", s.id_column, "Its id column")->capture_default_str();
  app.add_option("--mode", s.mode, "single (fixed rate) or batch (max rate)")
      ->check(CLI::IsMember({"single", "batch"}))
      ->capture_default_str();
  app.add_option("--rate", s.rate, "single: events/s over all connections")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--batch", s.batch, "batch: events per request")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--connections", s.connections, "Keep-alive connections, one thread each")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--duration", s.duration_s, "Stop after this many seconds")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  app.add_option("--events", s.max_events, "Stop after this many events (0: the duration alone)")
      ->capture_default_str();
  app.add_option("--set", s.set, "Columns events set, NAME:MIN:MAX,...")->capture_default_str();
  app.add_option("--timeout", s.timeout_s, "Seconds to wait for one answer (then an error)")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  app.add_option("--seed", s.seed, "Random seed")->capture_default_str();
  app.add_option("--json", s.json_path, "Also write the result as JSON to this file");
  app.add_option("--timeline", s.timeline_path,
                 "Write every request's due time (s) and latency (ms) to this CSV");
  CLI11_PARSE(app, argc, argv);
  try {
    LoadResult result = RunLoad(s);
    nlohmann::ordered_json json = {
        {"url", s.url}, {"connections", s.connections}, {"duration_s", s.duration_s}};
    if (s.mode == "single") json["target_rate"] = s.rate;
    if (s.mode == "batch") json["batch"] = s.batch;
    json.update(ResultJson(result));
    std::cout << ResultText(result) << std::flush;
    if (!s.json_path.empty()) std::ofstream(s.json_path) << json.dump(2) << "\n";
    return result.errors == 0 && result.requests > 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "loadgen: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace
}  // namespace acctseg::serve_bench

int main(int argc, char** argv) { return acctseg::serve_bench::Main(argc, argv); }
