// The live service behind `acctseg serve`: the glue between the live account
// state (LiveUniverse), the write-ahead log (EventLog + Committer), snapshots
// (SnapshotStore), the router and the run store. Knows nothing of HTTP: each
// call takes parsed request data and returns the JSON body of the answer
// (docs/serve.md documents every shape).
//
// The pipeline: a request thread parses and validates an event against the
// current state (shared lock), stamps received_at_ms and submits its JSON to
// the Committer; the request thread leading the commit appends it durably
// (group commit), then applies it in log order (exclusive lock around LiveUniverse::Apply),
// routes its touchpoint, and records the change; only then does the request
// get its answer. So nothing is acknowledged that is not durable, and the
// state is always the log's prefix. A record that was valid when submitted
// but no longer is when applied (a race with another client's remove) is
// logged, applied as nothing, and answered with an error.
//
// Log records are JSON objects of three kinds: an event (LiveEventJson), a
// lead to route ({"lead": {...}}, POST /v1/route) and a snapshot marker
// ({"snapshot": true}); replay applies them the same way, so the routers'
// round-robin state and the domain matches come out the same.
//
// Errors: acctseg::Error — kInput (400, naming the field), kNotFound (404),
// kIo (503: not durable, nothing applied), others at startup.
// Thread-safe: every public call may come from any request thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/error.h"
#include "live/committer.h"
#include "live/snapshot.h"
#include "server/change_note.h"
#include "server/commit_health.h"
#include "server/event_rates.h"
#include "server/metrics.h"
#include "server/recent_log.h"
#include "server/snapshot_run_inputs.h"
#include "server/warning_throttle.h"

namespace acctseg {
class EventLog;
class LiveUniverse;
class Router;
struct LiveEvent;
struct ApplyResult;
}  // namespace acctseg

namespace acctseg::server {

struct ServiceOptions {
  std::string policy_path;
  std::vector<std::string> inputs;  // NAME=PATH, or a bare PATH for the accounts
  std::string data_dir;             // the log and the snapshots
  std::string assignments;          // territory owners (CSV), "" = none
  std::vector<std::string> domain_columns;
  uint64_t snapshot_every = 100000;  // events between automatic snapshots; 0 = never
  // The snapshot runs whose accounts file (DATA_DIR/runs) is kept, so that
  // `acctseg diff` can explain their moves (SnapshotRunInputs).
  size_t keep_snapshot_runs = 10;
  std::string store;  // run store for POST /v1/snapshot; "" = the default
  std::string as_of;
  int threads = 0;  // for the initial batch run and snapshots' runs; 0 = all cores
};

// A record the log took (it has an id, and replays the same way) whose
// apply failed: an event's, such as a step's number out of range, a 400
// that says which event it was, as a batch's answer does for each of its
// lines; a snapshot's (the server could not write it), a 500.
class LoggedEventError : public Error {
 public:
  LoggedEventError(uint64_t event_id, const std::string& message,
                   ErrorKind kind = ErrorKind::kInput)
      : Error(kind, message), event_id_(event_id) {}
  uint64_t event_id() const { return event_id_; }

 private:
  uint64_t event_id_;
};

class LiveService {
 public:
  // Loads the latest snapshot (else the inputs), replays the log after it,
  // and starts the committer. `report` gets one line for each thing an
  // operator should know (what was loaded, a truncated log tail).
  static std::unique_ptr<LiveService> Open(const ServiceOptions& options,
                                           const std::function<void(const std::string&)>& report);
  ~LiveService();  // drains the committer: everything submitted is applied

  // POST /v1/events: one event (a JSON object) or a batch (JSON Lines).
  nlohmann::ordered_json PostEvent(std::string_view body);
  nlohmann::ordered_json PostBatch(std::string_view ndjson);
  // POST /v1/route: an unknown lead's e-mail or website, and its touchpoint.
  nlohmann::ordered_json RouteLead(std::string_view body);
  // POST /v1/snapshot: a snapshot now, recorded in the run store as a run.
  // A failure is also said on stderr (at most once a second).
  nlohmann::ordered_json Snapshot();

  nlohmann::ordered_json Account(std::string_view id) const;  // Error(kNotFound)
  nlohmann::ordered_json Summary() const;
  nlohmann::ordered_json Changes(size_t limit) const;
  nlohmann::ordered_json Routes(size_t limit) const;
  nlohmann::ordered_json Stats() const;
  // GET /healthz: "status" is "ok", or "degraded" (with "reason",
  // "since_ms" and "failed_commits") while the log's last commit failed.
  nlohmann::ordered_json Health() const;
  std::string MetricsText() const;

  Metrics& metrics() { return metrics_; }

 private:
  explicit LiveService(const ServiceOptions& options);
  void Load(const std::function<void(const std::string&)>& report);
  // What a request thread hands the committer with an event's payload: the
  // event it parsed (so the committer does not parse the payload again),
  // and whether the answer carries the account (a batch's does not).
  struct ParsedEvent;
  // The committer's apply: one log record, in log order (`parsed`: the
  // ParsedEvent of the payload, or null: parse it). Returns the answer for
  // whoever submitted it.
  nlohmann::ordered_json ApplyRecord(uint64_t seq, std::string_view payload,
                                     const ParsedEvent* parsed = nullptr);
  nlohmann::ordered_json ApplyEvent(uint64_t seq, const LiveEvent& event, bool with_account);
  // The committer's apply of a whole commit: ApplyRecord for each record,
  // but parsed events in a row go to the universe as one batch.
  std::vector<Committer::Answer> ApplyRecords(const std::vector<Committer::Record>& records);
  // The answer to an applied event (and what the dashboard and metrics note of it).
  nlohmann::ordered_json EventReply(uint64_t seq, const LiveEvent& event, bool with_account,
                                    const ApplyResult& result);
  // After the record `seq`: the applied seq, and an automatic snapshot when due.
  void Applied(uint64_t seq);
  nlohmann::ordered_json ApplyLead(uint64_t seq, const nlohmann::json& record);
  // Routes a touchpoint and records the decision (GET /v1/routes), with the
  // lead it was for when POST /v1/route asked ({email|website, domain}).
  nlohmann::ordered_json RouteJson(const nlohmann::ordered_json& account,
                                   const nlohmann::ordered_json& touchpoint, int64_t at_ms,
                                   uint64_t seq, const std::string& account_id,
                                   const nlohmann::ordered_json& lead = nullptr);
  // Writes snapshot `seq` (with the live outputs when asked) and compacts
  // the log up to it; inside an apply, after any automatic snapshot still
  // being written. Returns the snapshot's directory.
  std::string WriteSnapshot(uint64_t seq, bool with_outputs);
  // An automatic snapshot of the state after `seq`, written on its own
  // thread; inside an apply. Nothing when one is still being written.
  void StartSnapshot(uint64_t seq);
  // The files of a snapshot of the state as it is now, as copies that
  // later applies do not change, each written on `threads` threads;
  // inside an apply. `paced`: the accounts reach the disk a stretch at a
  // time (AtomicFile::Caching::kPaced), for a snapshot written beside the
  // log's commits.
  std::vector<std::pair<std::string, SnapshotStore::Writer>> SnapshotFiles(bool with_outputs,
                                                                           int threads,
                                                                           bool paced = false);
  // Writes them as snapshot `seq`, then compacts the log up to it.
  std::string WriteSnapshotFiles(
      uint64_t seq, const std::vector<std::pair<std::string, SnapshotStore::Writer>>& files);
  // Error(kInput) naming the field if `event` does not fit the state, the
  // column types or the routing's touchpoint fields.
  void ValidateEvent(const LiveEvent& event, const std::string& where) const;
  // The same, told whether the account exists: needs no lock, so a
  // request thread checks its events while the leader applies others.
  void ValidateEvent(const LiveEvent& event, const std::string& where, bool exists) const;
  // Error(kInput) naming the field for a touchpoint the routing does not declare.
  void CheckTouchpoint(const nlohmann::ordered_json& touchpoint, const std::string& where) const;
  size_t AccountCount() const;
  // The 404 of GET /v1/accounts/{id}: `no account "ID"`, and `: removed by
  // event N` when the recent changes show that event removed it.
  std::string NoAccountMessage(std::string_view id) const;
  // Snapshot() but for saying its failure.
  nlohmann::ordered_json RecordedSnapshot();

  ServiceOptions options_;
  std::string accounts_input_;                      // the policy's accounts input name
  std::map<std::string, std::string> base_inputs_;  // input name -> path, as given
  mutable std::shared_mutex universe_mutex_;
  std::unique_ptr<LiveUniverse> universe_;
  std::unique_ptr<Router> router_;  // null: the policy has no routing
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<SnapshotStore> snapshots_;
  std::unique_ptr<Committer> committer_;
  CommitHealth commit_health_;  // told by the committer of each commit
  WarningThrottle snapshot_failures_;
  SnapshotRunInputs run_inputs_;   // DATA_DIR/runs
  std::mutex snapshot_run_mutex_;  // one snapshot run recorded (and pruned after) at a time
  bool replaying_ = false;
  uint64_t since_snapshot_ = 0;  // applies only (one at a time)
  // The automatic snapshot being written (StartSnapshot), off the path
  // every event waits for: formatting and syncing 1M accounts took ~150 ms
  // of it every 100,000 events (bench/README.md, "Live server"). Started
  // and joined by applies only (and the destructor).
  std::thread snapshot_writer_;
  std::atomic<bool> snapshot_writing_{false};
  std::atomic<uint64_t> applied_seq_{0};
  int64_t started_ms_ = 0;
  Metrics metrics_;
  RecentLog<ChangeNote> changes_{1000};
  RecentLog<nlohmann::ordered_json> routes_{1000};
  EventRates event_rates_, route_rates_;
};

}  // namespace acctseg::server
