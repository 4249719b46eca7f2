// live_bench: how long one event takes in a live universe (src/live/),
// apart from HTTP and the log: loads the accounts, then applies random
// single-account updates (scores, sizes, industries, parent links) and a
// few creates and removes, timing each Apply. Figures in bench/README.md,
// "Live updates".
//
//   build/live_bench --policy examples/seed-policy/policy.yaml
//       --accounts bench/data/accounts-1000000.csv --events 20000
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <random>
#include <unordered_map>

#include "common/resident_memory.h"
#include "common/stopwatch.h"
#include "live/universe.h"

namespace acctseg {
namespace {

struct Latencies {
  std::vector<double> micros;
  // Per event: rows recomputed, accounts changed, incremental or not.
  std::vector<size_t> rows, changed, incremental_flags;
  size_t accounts_changed = 0, incremental = 0, rows_recomputed = 0;
  // Adds `from`'s event `i` (the last one timed) to these figures too.
  void Add(const Latencies& from, size_t i) {
    micros.push_back(from.micros[i]);
    rows.push_back(from.rows[i]);
    rows_recomputed += from.rows[i];
    changed.push_back(from.changed[i]);
    accounts_changed += from.changed[i];
    incremental_flags.push_back(from.incremental_flags[i]);
    incremental += from.incremental_flags[i];
  }
  void Print(const char* what) {
    if (micros.empty()) return;
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
    double sum = 0;
    for (double m : micros) sum += m;
    std::printf(
        "%-16s %7zu events  p50 %8.1f us  p99 %8.1f us  max %9.1f us  mean %8.1f us"
        "  accounts changed/event %.2f  rows recomputed/event %.1f  incremental %zu\n",
        what, micros.size(), at(0.5), at(0.99), micros.back(), sum / micros.size(),
        static_cast<double>(accounts_changed) / micros.size(),
        static_cast<double>(rows_recomputed) / micros.size(), incremental);
  }
};

int Main(int argc, char** argv) {
  CLI::App app{"Times single events in a live universe."};
  std::string policy, accounts;
  size_t events = 20000, creates = 10, removes = 10;
  int threads = 2;
  uint32_t seed = 1;
  app.add_option("--policy", policy, "the policy")->required();
  app.add_option("--accounts", accounts, "the accounts CSV")->required();
  app.add_option("--events", events, "single-account updates to time");
  app.add_option("--creates", creates, "creates to time");
  app.add_option("--removes", removes, "removes to time");
  app.add_option("--threads", threads, "threads for the load and full re-runs");
  app.add_option("--seed", seed, "random seed");
  size_t batch = 1;
  app.add_option("--batch", batch,
                 "apply the updates in batches of this many (LiveUniverse::ApplyBatch) and print "
                 "events/s per batch instead of per-event latencies");
  bool loadgen_mix = false;
  app.add_flag("--loadgen-mix", loadgen_mix,
               "updates as serve_loadgen sends them: one of employees (1-20000), web_visits_90d, "
               "active_users, intent_score, uniformly; no parent links");
  size_t family_flips = 0;
  app.add_option("--family-flips", family_flips,
                 "then time this many employees updates of the largest families' global "
                 "accounts, alternately 20000 and 1, which move the whole family's segment "
                 "(FAMILY_MAX) when no other member holds it; prints the cost per account moved");
  size_t captures = 0;
  app.add_option("--captures", captures,
                 "take this many snapshot captures (LiveUniverse::Accounts, what an automatic "
                 "snapshot copies while applies wait), spread over the updates, and time them");
  CLI11_PARSE(app, argc, argv);

  Stopwatch clock;
  std::shared_ptr<const Plan> plan = Plan::CompileFile(policy);
  RunOptions options;
  options.threads = threads;
  auto live = LiveUniverse::Load(plan, {{plan->input_name(), accounts}}, options);
  std::printf("loaded %zu accounts in %.2f s, RSS %.0f MB\n", live->size(), clock.Lap(),
              CurrentRssBytes() / 1e6);

  std::vector<std::string> ids;
  Table outputs = live->Outputs();
  const Column& id_column = *outputs.Get(plan->key_column());
  for (size_t row = 0; row < outputs.row_count(); ++row) ids.emplace_back(id_column.StringAt(row));
  std::mt19937 random(seed);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  const char* industries[] = {"Software", "Retail", "Healthcare", "Energy", "Financial Services"};

  auto timed = [&](const LiveEvent& event, Latencies& latencies) {
    auto start = std::chrono::steady_clock::now();
    ApplyResult result = live->Apply(event);
    latencies.micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    latencies.accounts_changed += result.accounts_changed;
    latencies.incremental += result.incremental;
    latencies.rows_recomputed += result.rows_recomputed;
    latencies.rows.push_back(result.rows_recomputed);
    latencies.changed.push_back(result.accounts_changed);
    latencies.incremental_flags.push_back(result.incremental);
  };
  // Updates by the column they set: employees moves own_segment, which
  // the family's segment reads (FAMILY_MAX); the others read by no family step.
  Latencies updates, by_employees, by_others, parents, created, removed;
  // Batches: the same updates, gathered and applied BATCH at a time.
  std::vector<LiveEvent> pending;
  double batch_seconds = 0, batch_cpu_seconds = 0;
  size_t batched_events = 0, batched_together = 0;
  // CPU time as well as wall: on a shared, loaded machine the wall time
  // is mostly waiting for a core.
  auto cpu_now = [] {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
  };
  auto flush = [&] {
    std::vector<const LiveEvent*> pointers;
    for (const LiveEvent& event : pending) pointers.push_back(&event);
    auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_now();
    std::vector<LiveUniverse::Outcome> outcomes = live->ApplyBatch(pointers);
    batch_cpu_seconds += cpu_now() - cpu_start;
    batch_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    batched_events += outcomes.size();
    for (const auto& outcome : outcomes) batched_together += outcome.result.batched;
    pending.clear();
  };
  auto timed_or_batched = [&](const LiveEvent& event, Latencies& latencies) {
    if (batch <= 1) return timed(event, latencies);
    pending.push_back(event);
    if (pending.size() == batch) flush();
  };
  // The last capture is kept until the next, as the server's snapshot
  // writer keeps it while it writes.
  std::vector<double> capture_ms;
  std::optional<Table> captured;
  const size_t capture_every = captures > 0 ? std::max<size_t>(1, events / captures) : 0;
  for (size_t i = 0; i < events; ++i) {
    if (capture_every > 0 && i % capture_every == capture_every / 2) {
      captured.reset();
      Stopwatch capture;
      captured.emplace(live->Accounts());
      capture_ms.push_back(capture.Lap() * 1e3);
    }
    LiveEvent event;
    event.account_id = ids[pick(ids.size())];
    if (loadgen_mix) {
      const char* columns[] = {"employees", "web_visits_90d", "active_users", "intent_score"};
      const int64_t max[] = {20000, 200, 2000, 100};
      const size_t c = pick(4);
      event.set[columns[c]] = static_cast<int64_t>(pick(max[c]) + (c == 0));
      timed_or_batched(event, updates);
      if (batch > 1) continue;
      Latencies& by_column = c == 0 ? by_employees : by_others;
      by_column.Add(updates, updates.micros.size() - 1);
      continue;
    }
    switch (pick(10)) {
      case 0:
        event.set["parent_id"] = pick(2) ? ids[pick(ids.size())] : "";
        timed_or_batched(event, parents);
        continue;
      case 1:
      case 2:
        event.set["employees"] = static_cast<int64_t>(pick(20000));
        break;
      case 3:
        event.set["industry"] = industries[pick(5)];
        break;
      case 4:
      case 5:
        event.set["web_visits_90d"] = static_cast<int64_t>(pick(100));
        break;
      default:
        event.set["intent_score"] = static_cast<int64_t>(pick(100));
        break;
    }
    timed_or_batched(event, updates);
    if (batch > 1) continue;
    Latencies& by_column = event.set.contains("employees") ? by_employees : by_others;
    by_column.Add(updates, updates.micros.size() - 1);
  }
  if (!pending.empty()) flush();
  Latencies flips;
  double flips_cpu_seconds = 0;  // on a shared machine, steadier than the wall clock
  if (family_flips > 0) {
    // The fifty largest families, by their global account's id.
    std::unordered_map<std::string_view, size_t> sizes;
    const Column& global_column = *outputs.Get("global_id");
    for (size_t row = 0; row < outputs.row_count(); ++row) ++sizes[global_column.StringAt(row)];
    std::vector<std::pair<size_t, std::string_view>> largest;
    for (const auto& [id, size] : sizes) largest.push_back({size, id});
    std::sort(largest.rbegin(), largest.rend());
    largest.resize(std::min<size_t>(largest.size(), 50));
    const double cpu_start = cpu_now();
    for (size_t i = 0; i < family_flips; ++i) {
      LiveEvent event;
      event.account_id = std::string(largest[(i / 2) % largest.size()].second);
      event.set["employees"] = static_cast<int64_t>(i % 2 == 0 ? 20000 : 1);
      timed(event, flips);
    }
    flips_cpu_seconds = cpu_now() - cpu_start;
  }
  for (size_t i = 0; i < creates; ++i) {
    LiveEvent event;
    event.op = LiveEvent::Op::kCreate;
    event.account_id = "BENCH" + std::to_string(i);
    event.set = {{"arr", 1000}, {"web_visits_90d", 5}, {"active_users", 3}, {"employees", 800}};
    timed(event, created);
  }
  for (size_t i = 0; i < removes; ++i) {
    LiveEvent event;
    event.op = LiveEvent::Op::kRemove;
    event.account_id = ids[pick(ids.size())];
    if (!live->Account(event.account_id)) continue;
    timed(event, removed);
  }
  if (batched_events > 0)
    std::printf(
        "batches of %zu   %7zu events  %.3f s  = %.0f events/s  (mean %.1f us per event; "
        "%zu re-run together with others of their batch)\n"
        "  CPU %.3f s  = %.1f us of CPU per event\n",
        batch, batched_events, batch_seconds, batched_events / batch_seconds,
        1e6 * batch_seconds / batched_events, batched_together, batch_cpu_seconds,
        1e6 * batch_cpu_seconds / batched_events);
  if (!capture_ms.empty()) {
    std::printf("captures %zu:", capture_ms.size());
    for (double ms : capture_ms) std::printf(" %.1f", ms);
    std::printf(" ms (RSS %.0f MB with the last capture held", CurrentRssBytes() / 1e6);
    captured.reset();
    std::printf(", %.0f MB without)\n", CurrentRssBytes() / 1e6);
  }
  updates.Print("update");
  by_employees.Print("  employees");
  by_others.Print("  other columns");
  parents.Print("parent link");
  if (!flips.micros.empty()) {
    double micros = 0;
    for (double m : flips.micros) micros += m;
    // Those that moved the family, and those that left FAMILY_MAX where it
    // was (another member holds it) and changed the account alone.
    Latencies moved, stayed;
    for (size_t i = 0; i < flips.micros.size(); ++i)
      (flips.changed[i] > 1 ? moved : stayed).Add(flips, i);
    flips.Print("family flip");
    std::printf("  %.2f us per account changed; CPU %.1f us a flip\n",
                micros / std::max<size_t>(1, flips.accounts_changed),
                1e6 * flips_cpu_seconds / flips.micros.size());
    moved.Print("  moved");
    stayed.Print("  stayed");
  }
  created.Print("create");
  removed.Print("remove");
  std::printf("RSS %.0f MB\n", CurrentRssBytes() / 1e6);
  return 0;
}

}  // namespace
}  // namespace acctseg

int main(int argc, char** argv) { return acctseg::Main(argc, argv); }
