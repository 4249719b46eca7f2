// The committer's side of LiveService (live_service.h): each durable log
// record applied in log order, by the request thread leading its commit;
// applies run one at a time (the Committer hands them on under its mutex),
// so the applying thread is the only writer of the state (its own reads need
// no lock). And snapshots: copies of the state taken inside an apply, the
// automatic ones written on a thread of their own.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "history/capture.h"
#include "io/atomic_file.h"
#include "io/output_format.h"
#include "io/table_writer.h"
#include "live/committer.h"
#include "live/event_log.h"
#include "live/snapshot.h"
#include "live/universe.h"
#include "routing/router.h"
#include "server/background_priority.h"
#include "server/live_service.h"
#include "server/parsed_event.h"

namespace acctseg::server {

using nlohmann::ordered_json;

ordered_json LiveService::ApplyRecord(uint64_t seq, std::string_view payload,
                                      const ParsedEvent* parsed) {
  ordered_json reply;
  // Never throws into the committer: a failure is this record's answer.
  try {
    nlohmann::json record = parsed ? nlohmann::json() : nlohmann::json::parse(payload);
    if (parsed) {
      reply = ApplyEvent(seq, parsed->event, parsed->with_account);
    } else if (record.contains("lead")) {
      reply = ApplyLead(seq, record);
    } else if (record.contains("snapshot")) {
      reply = {{"seq", seq}};
      if (!replaying_) {
        std::string dir = WriteSnapshot(seq, true);
        try {
          // A link outlives the snapshot (only the newest are kept): the
          // recorded run's input stays where its record says.
          std::string accounts = run_inputs_.PathFor(seq);
          std::filesystem::remove(accounts);
          std::filesystem::create_hard_link(dir + "/accounts.csv", accounts);
          reply["dir"] = dir;
          reply["accounts"] = accounts;
        } catch (const std::exception& e) {
          // The snapshot itself is written: the answer says so.
          reply = {{"event_id", seq}, {"dir", dir}, {"error", e.what()}};
        }
      }
    } else {
      reply = ApplyEvent(seq, ParseLoggedEvent(record), true);
    }
  } catch (const std::exception& e) {
    reply = {{"event_id", seq}, {"error", e.what()}};
  }
  Applied(seq);
  return reply;
}

std::vector<Committer::Answer> LiveService::ApplyRecords(
    const std::vector<Committer::Record>& records) {
  std::vector<Committer::Answer> answers(records.size());
  for (size_t first = 0; first < records.size();) {
    // Parsed events in a row, up to the next automatic snapshot (taken
    // between records): one batch, so that the universe can re-run runs
    // of updates together (LiveUniverse::ApplyBatch). While one is still
    // being written the next is not due: the run goes on uncut.
    size_t room = SIZE_MAX;
    if (options_.snapshot_every > 0 && !snapshot_writing_)
      room =
          since_snapshot_ < options_.snapshot_every ? options_.snapshot_every - since_snapshot_ : 1;
    size_t end = first;
    while (end < records.size() && records[end].attachment && end - first < room) ++end;
    if (end - first < 2) {
      answers[first].value =
          ApplyRecord(records[first].seq, records[first].payload,
                      static_cast<const ParsedEvent*>(records[first].attachment));
      ++first;
      continue;
    }
    std::vector<const LiveEvent*> events;
    for (size_t r = first; r < end; ++r)
      events.push_back(&static_cast<const ParsedEvent*>(records[r].attachment)->event);
    std::vector<LiveUniverse::Outcome> outcomes;
    {
      std::unique_lock lock(universe_mutex_);
      outcomes = universe_->ApplyBatch(events);
    }
    for (size_t r = first; r < end; ++r) {
      const auto* parsed = static_cast<const ParsedEvent*>(records[r].attachment);
      LiveUniverse::Outcome& outcome = outcomes[r - first];
      ++since_snapshot_;
      try {
        if (outcome.error) std::rethrow_exception(outcome.error);
        answers[r].value =
            EventReply(records[r].seq, parsed->event, parsed->with_account, outcome.result);
      } catch (const std::exception& e) {
        answers[r].value = {{"event_id", records[r].seq}, {"error", e.what()}};
      }
    }
    Applied(records[end - 1].seq);
    first = end;
  }
  return answers;
}

void LiveService::Applied(uint64_t seq) {
  applied_seq_ = seq;
  if (!replaying_ && options_.snapshot_every > 0 && since_snapshot_ >= options_.snapshot_every)
    StartSnapshot(seq);
}

ordered_json LiveService::ApplyEvent(uint64_t seq, const LiveEvent& event, bool with_account) {
  ++since_snapshot_;
  // Apply checks the event again (another client's may have come first
  // since): an invalid one throws, changes nothing, and is this answer.
  ApplyResult result;
  {
    std::unique_lock lock(universe_mutex_);
    result = universe_->Apply(event);
  }
  return EventReply(seq, event, with_account, result);
}

ordered_json LiveService::EventReply(uint64_t seq, const LiveEvent& event, bool with_account,
                                     const ApplyResult& result) {
  // The account's row as JSON, for the answer and the router (a batch's
  // answer leaves it out: no need to build it then).
  const bool routed = router_ && event.touchpoint.is_object();
  ordered_json account = result.removed || !(with_account || routed)
                             ? ordered_json(nullptr)
                             : universe_->Account(event.account_id).value_or(ordered_json(nullptr));
  // The account goes in last (moved, not copied: a dozen fields an event),
  // after the router has read it; its place in the answer is kept.
  ordered_json reply = {{"event_id", seq},
                        {"account", nullptr},
                        {"changed", result.changed},
                        {"accounts_changed", result.accounts_changed}};
  metrics_.EventsApplied(1);
  metrics_.AccountsChanged(result.accounts_changed);
  if (!replaying_) event_rates_.Add(NowMs(), 1);
  changes_.Add({seq, event.account_id,
                result.created   ? "create"
                : result.removed ? "remove"
                                 : "update",
                result.changed, result.accounts_changed, event.received_at_ms});
  if (routed)
    reply["route"] =
        RouteJson(account, event.touchpoint, event.received_at_ms, seq, event.account_id);
  reply["account"] = std::move(account);
  return reply;
}

ordered_json LiveService::ApplyLead(uint64_t seq, const nlohmann::json& record) {
  // Matched here, in log order, so that replay matches the same account.
  std::optional<std::string> matched =
      universe_->FindByDomain(record["lead"]["domain"].get<std::string>());
  ordered_json account = matched ? universe_->Account(*matched).value_or(ordered_json(nullptr))
                                 : ordered_json(nullptr);
  const int64_t at_ms = record.value("received_at_ms", int64_t{0});
  ordered_json route = RouteJson(account, record["touchpoint"], at_ms, seq,
                                 matched.value_or(std::string()), record["lead"]);
  return {{"event_id", seq},
          {"matched_account", matched ? ordered_json(*matched) : ordered_json(nullptr)},
          {"route", std::move(route)}};
}

ordered_json LiveService::RouteJson(const ordered_json& account, const ordered_json& touchpoint,
                                    int64_t at_ms, uint64_t seq, const std::string& account_id,
                                    const ordered_json& lead) {
  RouteDecision decision = router_->Route(account, touchpoint, at_ms);
  ordered_json route = {{"queue", decision.queue},
                        {"owner", decision.owner},
                        {"team", decision.team},
                        {"priority", decision.priority},
                        {"sla_minutes", decision.sla_minutes},
                        {"reason", decision.reason}};
  ordered_json note = {
      {"event_id", seq},
      {"account_id", account_id.empty() ? ordered_json(nullptr) : ordered_json(account_id)},
      {"at_ms", at_ms},
      {"touchpoint", touchpoint},
      {"route", route},
      {"explain", decision.explain}};
  // Without it, a new logo's decision said nothing of whom it was for.
  if (!lead.is_null()) note["lead"] = lead;
  routes_.Add(std::move(note));
  metrics_.RoutesDecided(1);
  if (!replaying_) route_rates_.Add(NowMs(), 1);
  return route;
}

std::string LiveService::WriteSnapshot(uint64_t seq, bool with_outputs) {
  // One at a time, in seq order: the store is not thread-safe.
  if (snapshot_writer_.joinable()) snapshot_writer_.join();
  since_snapshot_ = 0;
  return WriteSnapshotFiles(seq, SnapshotFiles(with_outputs, options_.threads));
}

void LiveService::StartSnapshot(uint64_t seq) {
  // One due while another is written waits for a later apply: the state
  // keeps moving, so a snapshot never falls behind by more than one.
  if (snapshot_writing_) return;
  if (snapshot_writer_.joinable()) snapshot_writer_.join();
  // One thread: a snapshot written beside the applies leaves them the cores.
  std::vector<std::pair<std::string, SnapshotStore::Writer>> files =
      SnapshotFiles(false, 1, /*paced=*/true);
  // And a lower priority, for the files alone: the log's compaction after
  // them holds the log's lock, which commits wait for.
  for (auto& file : files)
    file.second = [write = std::move(file.second)](const std::string& path) {
      RunInBackground([&] { write(path); });
    };
  // A failed one is tried again after as many events as a written one.
  since_snapshot_ = 0;
  snapshot_writing_ = true;
  snapshot_writer_ = std::thread([this, seq, files = std::move(files)] {
    try {
      WriteSnapshotFiles(seq, files);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "acctseg: warning: automatic snapshot at %llu failed: %s\n",
                   static_cast<unsigned long long>(seq), e.what());
    }
    snapshot_writing_ = false;
  });
}

std::vector<std::pair<std::string, SnapshotStore::Writer>> LiveService::SnapshotFiles(
    bool with_outputs, int threads, bool paced) {
  auto accounts = std::make_shared<const Table>(universe_->Accounts());
  std::vector<std::pair<std::string, SnapshotStore::Writer>> files = {
      {"accounts.csv", [accounts, threads, paced](const std::string& path) {
         AtomicFile file(path,
                         paced ? AtomicFile::Caching::kPaced : AtomicFile::Caching::kPageCache);
         WriteTableTo(file, OutputFormat::kCsv, *accounts, threads, nullptr);
         file.Commit();
       }}};
  if (router_)
    files.push_back(
        {"routing.json", [state = router_->SaveState().dump()](const std::string& path) {
           std::ofstream out(path);
           out << state << "\n";
           if (!out.flush()) throw Error(ErrorKind::kIo, path + ": cannot write");
         }});
  // The live outputs, for comparing with a batch run (POST /v1/snapshot).
  if (with_outputs)
    files.push_back({"outputs.csv", [outputs = std::make_shared<const Table>(universe_->Outputs()),
                                     threads](const std::string& path) {
                       WriteTable(path, OutputFormat::kCsv, *outputs, threads);
                     }});
  return files;
}

std::string LiveService::WriteSnapshotFiles(
    uint64_t seq, const std::vector<std::pair<std::string, SnapshotStore::Writer>>& files) {
  std::string dir = snapshots_->Write(seq, files).dir;
  log_->Compact(seq);
  return dir;
}

}  // namespace acctseg::server
