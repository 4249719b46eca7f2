// Group commit in front of an EventLog. Request threads Submit payloads and
// block; a syncer thread takes everything pending and appends it with one
// AppendDurable (one write, one fdatasync); an applier thread then calls
// `apply(seq, payload)` for each record of that commit in log order and
// hands each caller its results. So a caller's result always describes a
// durable record, and the applied state is always a prefix of the log:
// nothing is applied that is not durable.
//
// The two threads form a pipeline so that the disk's sync and the apply
// overlap: while commit k is applied, commit k+1 is written and synced
// (everything submitted meanwhile goes into it). At most one durable
// commit waits for the applier; the syncer takes the next pending records
// only once the applier has taken that one, so a slow apply makes commits
// larger rather than the backlog longer.
//
// Errors: when the append fails (a full disk) every caller of that commit
// gets the Error (kIo) and apply is not called for any of its records; the
// log is back at its previous end and later submissions may succeed. When
// apply throws for a record (it should not: the server validates first) the
// record stays in the log, the records after it are still applied, and the
// caller whose record it was gets the exception.
//
// Back-pressure: at most Options::max_pending_records / max_pending_bytes
// wait at once; Submit blocks until there is room (a single submission
// larger than the bound waits until the queue is empty), so memory stays
// flat whatever the load. Submit from inside `apply` deadlocks: don't.
//
// The destructor stops taking submissions (later ones get Error(kIo)),
// commits and applies everything already submitted, and joins the threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "live/event_log.h"

namespace acctseg {

class Committer {
 public:
  using Apply = std::function<nlohmann::ordered_json(uint64_t seq, std::string_view payload)>;
  // What a submitter may hand its apply along with a payload (what it made
  // of the payload already, so that apply need not parse it again); apply
  // gets it back as `attachment` (null when none was given).
  using Attachment = std::shared_ptr<const void>;
  using ApplyAttached = std::function<nlohmann::ordered_json(uint64_t seq, std::string_view payload,
                                                             const void* attachment)>;
  // Or all the records of a commit at once, in log order (so that apply can
  // take them as one unit): one answer each, a record's failure as its
  // `error` (its caller gets that exception).
  struct Record {
    uint64_t seq;
    std::string_view payload;
    const void* attachment;  // null when none was given
  };
  struct Answer {
    nlohmann::ordered_json value;
    std::exception_ptr error;
  };
  using ApplyRecords = std::function<std::vector<Answer>(const std::vector<Record>& records)>;
  struct Options {
    size_t max_pending_records = 65536;
    size_t max_pending_bytes = 64u << 20;
  };
  struct Stats {
    uint64_t commits = 0;  // AppendDurable calls that succeeded
    uint64_t records = 0;  // records they made durable
    uint64_t failed_commits = 0;
    size_t pending_records = 0;  // submitted, waiting for the next commit
    size_t durable_records = 0;  // committed, waiting for the applier
  };

  Committer(EventLog& log, Apply apply);
  Committer(EventLog& log, Apply apply, Options options);
  Committer(EventLog& log, ApplyAttached apply, Options options);
  Committer(EventLog& log, ApplyRecords apply, Options options);
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // One record; blocks until it is durable and applied; apply's result.
  nlohmann::ordered_json Submit(std::string payload, Attachment attachment = nullptr);
  // A batch, all in one commit with contiguous seqs; apply's results in
  // order. `attachments`: none, or one per payload.
  std::vector<nlohmann::ordered_json> SubmitBatch(std::vector<std::string> payloads,
                                                  std::vector<Attachment> attachments = {});

  Stats stats() const;

 private:
  struct Request;
  // One successful commit on its way from the syncer to the applier.
  struct Durable;
  void SyncLoop();
  void ApplyLoop();
  // Appends the requests' payloads as one commit; on failure answers them
  // with the error and returns null.
  std::unique_ptr<Durable> Commit(std::vector<std::shared_ptr<Request>>& requests);
  void ApplyCommit(Durable& commit);

  EventLog& log_;
  const ApplyRecords apply_;
  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable work_;     // the syncer waits for submissions and a free hand-off
  std::condition_variable room_;     // submitters wait for space in the queue
  std::condition_variable durable_;  // the applier waits for a commit
  std::deque<std::shared_ptr<Request>> pending_;
  size_t pending_records_ = 0;
  size_t pending_bytes_ = 0;
  std::unique_ptr<Durable> handoff_;  // synced, not yet taken by the applier
  bool stopping_ = false;
  bool syncer_done_ = false;  // the syncer has committed everything and left
  Stats stats_;
  std::thread syncer_, applier_;  // last: started once everything above exists
};

}  // namespace acctseg
