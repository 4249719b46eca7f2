#include "server/live_service.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "common/counted.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/quoted_value.h"
#include "history/capture.h"
#include "io/atomic_file.h"
#include "job/inputs.h"
#include "job/model_jobs.h"
#include "job/run_job.h"
#include "job/stored_records.h"
#include "live/committer.h"
#include "live/event_log.h"
#include "live/snapshot.h"
#include "live/universe.h"
#include "routing/router.h"
#include "server/parsed_event.h"
#include "server/request_body.h"

namespace acctseg::server {

using nlohmann::ordered_json;

std::unique_ptr<LiveService> LiveService::Open(
    const ServiceOptions& options, const std::function<void(const std::string&)>& report) {
  std::unique_ptr<LiveService> service(new LiveService(options));
  service->Load(report);
  return service;
}

namespace {

// A line for the operator, as the start-up's report lines are written.
void WarnOperator(const std::string& line) { std::fprintf(stderr, "acctseg: %s\n", line.c_str()); }

}  // namespace

LiveService::LiveService(const ServiceOptions& options)
    : options_(options),
      commit_health_(WarnOperator),
      snapshot_failures_(WarnOperator),
      run_inputs_(options.data_dir + "/runs", options.keep_snapshot_runs),
      started_ms_(NowMs()) {}

// The committer goes first: it drains, applying into the state it needs.
LiveService::~LiveService() {
  committer_.reset();
  if (snapshot_writer_.joinable()) snapshot_writer_.join();
}

void LiveService::Load(const std::function<void(const std::string&)>& report) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(options_.data_dir, error) && !fs::is_directory(options_.data_dir, error))
    throw Error(ErrorKind::kIo,
                fmt::format("--data-dir {}: it exists and is not a directory", options_.data_dir));
  // Made owner-only (0700) when made here, as everything in it is: the
  // log holds every event's data. One the operator made is left as it is.
  if (fs::create_directories(options_.data_dir, error))
    fs::permissions(options_.data_dir, fs::perms::owner_all, fs::perm_options::replace, error);
  if (error)
    throw Error(ErrorKind::kIo, fmt::format("--data-dir {}: cannot create it: {}",
                                            options_.data_dir, error.message()));
  std::shared_ptr<const Plan> plan =
      Plan::CompileFile(options_.policy_path, options_.as_of, StoredModels(options_.store));
  base_inputs_ = ResolveInputPaths(options_.inputs, plan->inputs());
  // Snapshots record runs there: a store that cannot be opened is said
  // now, not at the first snapshot.
  if (!options_.store.empty()) {
    try {
      OpenStoreOrDefault(options_.store);
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("--store {}: {}", options_.store, e.what()));
    }
  }
  accounts_input_ = plan->inputs()[0].name;

  // The log first: it is locked to this process, so a second server on the
  // same directory stops here, before the long load, and before it touches
  // anything in the directory (the snapshots' store removes temporaries:
  // those of a snapshot the running server was writing).
  EventLog::Recovery recovery;
  // Segments grown ahead in zeros: a commit's fdatasync then flushes its
  // bytes, not the file's length too (docs/serve-durability.md).
  EventLog::Options log_options;
  log_options.zeroed_chunk_bytes = 1 << 20;
  log_ = EventLog::Open(options_.data_dir + "/log", &recovery, log_options);
  // What a snapshot's recorded run, killed mid-write, left under a name
  // (its seq) no later write reuses; the directory is ours: the log is locked.
  RemoveStaleTemporariesIn(options_.data_dir + "/runs");
  // A lower --keep-snapshot-runs, or the output files older servers wrote.
  run_inputs_.Prune();
  // Said before anything can stop the start: the cut is made.
  if (recovery.truncated_bytes > 0)
    report(fmt::format("write-ahead log recovered: truncated {} after the last whole commit ({})",
                       Counted(recovery.truncated_bytes, "byte"), recovery.message));
  else if (!recovery.message.empty())
    report(fmt::format("write-ahead log: {}", recovery.message));
  snapshots_ = std::make_unique<SnapshotStore>(options_.data_dir + "/snapshots");
  InputPaths inputs = base_inputs_;
  uint64_t after = 0;
  std::optional<SnapshotStore::Snapshot> latest = snapshots_->Latest();
  if (latest) {
    // The snapshot holds the accounts as the log left them: the input
    // named is not read (nor need it exist any more), and the start says so.
    report(fmt::format("loading snapshot {} ({}) in place of the input {}", latest->seq,
                       latest->dir, inputs[accounts_input_]));
    inputs[accounts_input_] = latest->dir + "/accounts.csv";
    after = latest->seq;
  }
  if (log_->last_seq() < after)
    throw Error(ErrorKind::kIo,
                fmt::format("{}/log ends at record {}, before the snapshot at {}: the log is not "
                            "this snapshot's",
                            options_.data_dir, log_->last_seq(), after));
  // Resolved once: the start-up run, snapshots and their recorded runs.
  if (options_.threads <= 0) options_.threads = HardwareThreads();
  RunOptions run;
  run.threads = options_.threads;
  if (latest) run.written_by_acctseg.insert(accounts_input_);
  universe_ = LiveUniverse::Load(plan, inputs, run, options_.domain_columns);

  if (plan->policy().routing) {
    router_ = Router::Compile(plan->policy(), *plan);
    if (!options_.assignments.empty()) router_->SetOwners(ReadOwners(options_.assignments));
    if (latest && fs::exists(latest->dir + "/routing.json")) {
      std::ifstream in(latest->dir + "/routing.json");
      router_->LoadState(ordered_json::parse(in));
    }
    // Said once at start: every lead POST /v1/route takes would otherwise
    // route as a new logo without a word.
    if (options_.domain_columns.empty())
      report(
          "note: no --domain-columns: POST /v1/route matches no lead to an account, so every "
          "lead routes as a new logo (name the columns holding accounts' websites or emails)");
  } else if (!options_.assignments.empty()) {
    report("note: the policy has no routing: section; --assignments is not used");
  }

  replaying_ = true;
  uint64_t replayed = 0, failed = 0;
  constexpr uint64_t kNamed = 5;  // failed records named, at most
  std::string failures;
  const size_t loaded = universe_->size();
  applied_seq_ = after;
  log_->Replay(after, [&](uint64_t seq, std::string_view payload) {
    const ordered_json reply = ApplyRecord(seq, payload);
    ++replayed;
    // An acknowledged event that no longer applies (the inputs or the
    // policy changed since it was logged) must not vanish without a word.
    if (const auto error = reply.find("error"); error != reply.end()) {
      if (++failed <= kNamed)
        failures += fmt::format("\n  event {}: {}", seq, error->get<std::string>());
    }
  });
  replaying_ = false;
  report(fmt::format("{} from {}, then {} replayed: {}; last event {}", Counted(loaded, "account"),
                     latest ? "snapshot " + std::to_string(after) : "the inputs",
                     Counted(replayed, "log record"), Counted(universe_->size(), "account"),
                     applied_seq_.load()));
  if (failed > 0)
    report(
        fmt::format("warning: {} of the log did not apply on replay (the inputs or the "
                    "policy changed since logged, or it failed then too) and {} left out of "
                    "the state:{}{}",
                    Counted(failed, "record"), failed == 1 ? "is" : "are", failures,
                    failed > kNamed ? fmt::format("\n  and {} more", failed - kNamed) : ""));
  // A long replay is worth a snapshot before serving (nothing else runs yet).
  if (options_.snapshot_every > 0 && since_snapshot_ >= options_.snapshot_every)
    WriteSnapshot(applied_seq_, false);
  Committer::Options commit_options;
  commit_options.on_commit = [this](const std::exception_ptr& failure) {
    commit_health_.Committed(failure, NowMs());
  };
  committer_ = std::make_unique<Committer>(
      *log_, Committer::ApplyRecords([this](const std::vector<Committer::Record>& records) {
        return ApplyRecords(records);
      }),
      commit_options);
}

namespace {

// The committer's failure to make a commit durable (a full disk): nothing
// of it was applied, and the client is told so (503).
template <typename Submit>
auto Durably(Submit submit) {
  try {
    return submit();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kIo) throw;
    throw Error(ErrorKind::kIo, fmt::format("not durable, nothing applied: {}", e.what()));
  }
}

// An apply result with "error" is a record that was valid when submitted but
// not when its turn came: logged, applied as nothing.
ordered_json Checked(ordered_json reply) {
  if (!reply.contains("error")) return reply;
  const std::string message = reply["error"].get<std::string>();
  if (reply.contains("event_id"))
    throw LoggedEventError(reply["event_id"].get<uint64_t>(), message);
  throw Error(ErrorKind::kInput, message);
}

}  // namespace

void LiveService::ValidateEvent(const LiveEvent& event, const std::string& where) const {
  bool exists;
  {
    std::shared_lock lock(universe_mutex_);
    exists = universe_->Contains(event.account_id);
  }
  ValidateEvent(event, where, exists);
}

void LiveService::ValidateEvent(const LiveEvent& event, const std::string& where,
                                bool exists) const {
  // On the request path only, like the touchpoint check below: a log
  // holding a longer id, written before the cap, still replays.
  if (event.op == LiveEvent::Op::kCreate && event.account_id.size() > kMaxCreatedIdBytes)
    throw Error(ErrorKind::kInput,
                where + ".account_id: " + std::to_string(event.account_id.size()) +
                    " bytes, over the " + std::to_string(kMaxCreatedIdBytes) +
                    " a new account's id may have (GET /v1/accounts/{id} must be able to name it)");
  universe_->Validate(event, where, exists);
  if (event.touchpoint.is_null()) return;
  // Routed after the change, a removed account has no row: the touchpoint
  // went to the new-logo route, as if from a stranger. Checked here, not
  // in ParseLiveEvent, so that a log holding such an event still replays.
  if (event.op == LiveEvent::Op::kRemove)
    throw Error(ErrorKind::kInput,
                where +
                    ".touchpoint: a remove takes no touchpoint (the account is gone, so it "
                    "would route as a new logo); send the touchpoint before the remove");
  // Not dropped without a word, as it was: the client expects a route.
  if (!router_)
    throw Error(ErrorKind::kInput, where +
                                       ".touchpoint: the policy has no routing: section, "
                                       "so nothing routes a touchpoint");
  CheckTouchpoint(event.touchpoint, where);
}

void LiveService::CheckTouchpoint(const ordered_json& touchpoint, const std::string& where) const {
  // Request threads check while a commit's leader routes: CheckTouchpoint
  // is const and reads only the declared fields, so it needs no lock.
  try {
    router_->CheckTouchpoint(touchpoint);
  } catch (const Error& e) {
    throw Error(e.kind(), where.empty() ? e.what() : where + "." + e.what());
  }
}

ordered_json LiveService::PostEvent(std::string_view body) {
  auto parsed = std::make_shared<ParsedEvent>();
  LiveEvent& event = parsed->event;
  event = ParseLiveEvent(ParseJsonObject(body, "body"), "event", body);
  ValidateEvent(event, "event");
  event.received_at_ms = NowMs();
  std::string payload = LiveEventJson(event).dump();
  return Checked(Durably([&] { return committer_->Submit(std::move(payload), parsed); }));
}

ordered_json LiveService::PostBatch(std::string_view ndjson) {
  // The lines are parsed first and their accounts looked up together, under
  // one shared lock: checking each line under its own made this thread wait
  // for every apply of the leader's (~15 ms a batch of 1,000) while it
  // could have parsed. Errors still name the first bad line: lines before
  // one that does not parse are checked before its error is thrown.
  struct Line {
    std::string where;
    LiveEvent event;
  };
  std::vector<Line> lines;
  std::exception_ptr unparsed;
  try {
    ForEachLine(ndjson, [&](size_t number, std::string_view text) {
      std::string where = fmt::format("line {}: event", number);
      LiveEvent event = ParseLiveEvent(ParseJsonObject(text, where), where, text);
      lines.push_back({std::move(where), std::move(event)});
    });
  } catch (const Error&) {
    unparsed = std::current_exception();
  }
  std::vector<std::string_view> ids;
  for (const Line& line : lines) ids.push_back(line.event.account_id);
  std::vector<bool> existed;
  {
    std::shared_lock lock(universe_mutex_);
    existed = universe_->Contains(ids);
  }
  std::vector<std::string> payloads;
  std::vector<Committer::Attachment> parsed;
  // Ids an earlier line of this batch creates or removes: a later line is
  // checked against the state as the batch will have made it.
  std::set<std::string> created, removed;
  const int64_t now = NowMs();
  for (size_t i = 0; i < lines.size(); ++i) {
    auto& [where, event] = lines[i];
    const std::string& id = event.account_id;
    bool exists = existed[i];
    if (created.count(id) || removed.count(id)) {
      exists = created.count(id) > 0;
      if (exists == (event.op == LiveEvent::Op::kCreate))
        throw Error(ErrorKind::kInput,
                    fmt::format("{}.account_id: account \"{}\" {} by an earlier line of this batch",
                                where, id, exists ? "is created" : "is removed"));
    }
    ValidateEvent(event, where, exists);
    if (event.op == LiveEvent::Op::kCreate) {
      created.insert(id);
      removed.erase(id);
    } else if (event.op == LiveEvent::Op::kRemove) {
      removed.insert(id);
      created.erase(id);
    }
    event.received_at_ms = now;
    payloads.push_back(LiveEventJson(event).dump());
    parsed.push_back(std::make_shared<ParsedEvent>(ParsedEvent{std::move(event), false}));
  }
  if (unparsed) std::rethrow_exception(unparsed);
  if (payloads.empty())
    throw Error(ErrorKind::kInput, "body: no events (JSON Lines, one per line)");
  std::vector<ordered_json> results =
      Durably([&] { return committer_->SubmitBatch(std::move(payloads), std::move(parsed)); });
  ordered_json reply = {{"accepted", results.size()},
                        {"first_event_id", results.front()["event_id"]},
                        {"last_event_id", results.back()["event_id"]},
                        {"accounts_changed", 0},
                        {"results", ordered_json::array()}};
  size_t accounts_changed = 0;
  for (ordered_json& result : results) {
    ordered_json entry = {{"event_id", result["event_id"]}};
    for (const char* field : {"changed", "route", "error"})
      if (result.contains(field)) entry[field] = std::move(result[field]);
    accounts_changed += result.value("accounts_changed", size_t{0});
    reply["results"].push_back(std::move(entry));
  }
  reply["accounts_changed"] = accounts_changed;
  return reply;
}

ordered_json LiveService::RouteLead(std::string_view body) {
  if (!router_)
    throw Error(ErrorKind::kInput, "the policy has no routing: section, so nothing to route by");
  Lead lead = ParseLead(ParseJsonObject(body, "body"));
  CheckTouchpoint(lead.touchpoint, "");
  ordered_json record = {{"lead", {{lead.field, lead.text}, {"domain", lead.domain}}},
                         {"touchpoint", lead.touchpoint},
                         {"received_at_ms", NowMs()}};
  return Checked(Durably([&] { return committer_->Submit(record.dump()); }));
}

ordered_json LiveService::Snapshot() {
  try {
    return RecordedSnapshot();
  } catch (const LoggedEventError& e) {
    // The client gets its 500; the operator, who may not be that client,
    // hears of it too (a commit that failed is said by commit_health_).
    snapshot_failures_.Warn(
        fmt::format("warning: POST /v1/snapshot (event {}) failed: {}", e.event_id(), e.what()),
        NowMs());
    throw;
  }
}

ordered_json LiveService::RecordedSnapshot() {
  const std::string marker = ordered_json{{"snapshot", true}, {"received_at_ms", NowMs()}}.dump();
  ordered_json reply = Durably([&] { return committer_->Submit(marker); });
  // The marker is logged (a no-op on replay); what failed is the server's
  // writing, not the request.
  if (reply.contains("error"))
    throw LoggedEventError(
        reply["event_id"].get<uint64_t>(),
        reply.contains("dir")
            ? fmt::format("the snapshot is written ({}), but its accounts could not be linked "
                          "for its run: {}",
                          reply["dir"].get<std::string>(), reply["error"].get<std::string>())
            : "the snapshot was not written: " + reply["error"].get<std::string>(),
        ErrorKind::kInternal);
  // The snapshot recorded as an ordinary run: the batch run over its
  // accounts, so `acctseg runs diff` compares it with any other run. Its
  // output goes nowhere: the store holds it (`acctseg runs export`), and a
  // file of it per snapshot filled DATA_DIR/runs for ever.
  std::lock_guard<std::mutex> one_run_at_a_time(snapshot_run_mutex_);
  RunJobOptions job;
  job.policy_path = options_.policy_path;
  for (const auto& [name, path] : base_inputs_)
    job.inputs.push_back(name + "=" +
                         (name == accounts_input_ ? reply["accounts"].get<std::string>() : path));
  job.output_path = "/dev/null";
  job.format = "csv";
  job.store = options_.store;
  job.threads = options_.threads;
  job.as_of = options_.as_of;
  job.allow_empty = true;  // a universe every account of which was removed
  job.written_by_acctseg.insert(accounts_input_);
  RunJobResult run;
  try {
    run = RunJob(job);
  } catch (const std::exception& e) {
    // A store that failed abandoned its transaction: no run records the
    // snapshot's accounts link, which would only fill the disk. (After the
    // commit only the output's publishing can fail, an I/O error: the
    // recorded run then needs the link.)
    const auto* error = dynamic_cast<const Error*>(&e);
    if (error != nullptr && error->kind() == ErrorKind::kStore) {
      std::error_code ignored;
      std::filesystem::remove(reply["accounts"].get<std::string>(), ignored);
    }
    throw LoggedEventError(reply["seq"].get<uint64_t>(),
                           fmt::format("the snapshot is written ({}), but recording it as a run "
                                       "failed: {}",
                                       reply["dir"].get<std::string>(), e.what()),
                           ErrorKind::kInternal);
  }
  reply["run_id"] = run.run_id;
  reply["store"] = run.store_location;
  run_inputs_.Prune();
  return reply;
}

ordered_json LiveService::Account(std::string_view id) const {
  {
    std::shared_lock lock(universe_mutex_);
    if (std::optional<ordered_json> account = universe_->Account(id))
      return {{"account", std::move(*account)},
              {"explanation", universe_->Explain(id).value_or(nullptr)}};
  }
  throw Error(ErrorKind::kNotFound, NoAccountMessage(id));
}

std::string LiveService::NoAccountMessage(std::string_view id) const {
  std::string message = "no account " + QuotedValue(id);
  // The account's newest change, while the recent changes still hold one:
  // a remove is why it is gone (else the id reads as a typo).
  std::optional<ChangeNote> last =
      changes_.FindNewest([id](const ChangeNote& note) { return note.account_id == id; });
  if (last && std::string_view(last->op) == "remove")
    message += fmt::format(": removed by event {}", last->event_id);
  return message;
}

ordered_json LiveService::Summary() const {
  std::shared_lock lock(universe_mutex_);
  return universe_->Summary();
}

ordered_json LiveService::Changes(size_t limit) const {
  return {{"changes", changes_.Newest(limit)}};
}

ordered_json LiveService::Routes(size_t limit) const { return {{"routes", routes_.Newest(limit)}}; }

size_t LiveService::AccountCount() const {
  std::shared_lock lock(universe_mutex_);
  return universe_->size();
}

ordered_json LiveService::Stats() const {
  const int64_t now = NowMs();
  return {
      {"events_applied", metrics_.events_applied()}, {"events_per_s", event_rates_.PerSecond(now)},
      {"routes_per_s", route_rates_.PerSecond(now)}, {"accounts", AccountCount()},
      {"last_event_id", applied_seq_.load()},        {"uptime_s", (now - started_ms_) / 1000.0}};
}

ordered_json LiveService::Health() const {
  ordered_json health = {{"status", "ok"}};
  if (std::optional<CommitHealth::Degraded> degraded = commit_health_.degraded())
    health = {{"status", "degraded"},
              {"reason", degraded->reason},
              {"since_ms", degraded->since_ms},
              {"failed_commits", degraded->failed_commits}};
  health["accounts"] = AccountCount();
  health["last_event_id"] = applied_seq_.load();
  return health;
}

std::string LiveService::MetricsText() const {
  return metrics_.Render(AccountCount(), applied_seq_);
}

}  // namespace acctseg::server
