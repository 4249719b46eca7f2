// Group commit in front of an EventLog, leader/follower style. A request
// thread Submits payloads; if no commit is being written, and none waits to
// be applied, it becomes the leader: it takes everything pending and
// appends it with one AppendDurable (one write, one fdatasync), then calls
// the apply for each record of that commit in log order and answers each
// caller. Otherwise it waits, a follower, until a leader answers it or hands
// it the lead. So a caller's result always describes a durable record, and
// the applied state is always a prefix of the log: nothing is applied that
// is not durable.
//
// Why no committer threads: a single event used to cross three threads
// (request -> syncer -> applier -> request), and on a VM each hand-off is a
// wake-up the hypervisor charges for (bench/README.md, "Live server: group
// commit without hand-offs"). A lone event now runs on its own request thread
// from submit to answer; under load each follower is woken once, answered.
//
// Commits still form a pipeline, so that the disk's sync and the apply
// overlap: once a leader starts applying commit k, the first waiting
// follower is asked to lead commit k+1 (everything submitted meanwhile goes
// into it). At most one durable commit waits for its apply; the next is
// taken only once that one is being applied, so a slow apply makes commits
// larger rather than the backlog longer. Applies run one at a time, in log
// order, on whichever thread leads.
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
// The destructor stops taking submissions (later ones get Error(kIo)) and
// waits until everything already submitted is committed, applied and
// answered, and every caller has left.
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
    // Told of each append's outcome, in commit order, by the leader right
    // after it (before any of it is applied): null when it is durable, the
    // append's error (a full disk) when not. So a caller can say whether
    // the log takes writes now (the server's /healthz) without racing the
    // callers of commits made before and after. Must not throw.
    std::function<void(const std::exception_ptr& failure)> on_commit;
  };
  struct Stats {
    uint64_t commits = 0;  // AppendDurable calls that succeeded
    uint64_t records = 0;  // records they made durable
    uint64_t failed_commits = 0;
    size_t pending_records = 0;  // submitted, waiting for the next commit
    size_t durable_records = 0;  // committed, waiting for their apply
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
  // One successful commit on its way to its apply: its requests, their
  // payloads in log order and their seqs.
  struct Durable;
  bool MayLead() const;
  // Commits and applies everything pending, as the leader; `lock` (on
  // mutex_) is held on entry and on return, released while writing and
  // applying.
  void Lead(std::unique_lock<std::mutex>& lock) noexcept;
  // Asks the first waiting caller to lead the next commit, when one may.
  void HandOff();
  // Appends the requests' payloads as one commit; null and `failure` set
  // when the append failed.
  std::unique_ptr<Durable> Commit(std::vector<std::shared_ptr<Request>>& requests,
                                  std::exception_ptr& failure);
  // Calls apply for the commit's records in log order: one answer each.
  std::vector<Answer> ApplyCommit(const Durable& commit);

  EventLog& log_;
  const ApplyRecords apply_;
  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable room_;     // submitters wait for space in the queue
  std::condition_variable applied_;  // a synced commit waits for the apply before it
  std::condition_variable left_;     // the destructor waits for the last caller to leave
  std::deque<std::shared_ptr<Request>> pending_;
  size_t pending_records_ = 0;
  size_t pending_bytes_ = 0;
  bool syncing_ = false;         // a leader is writing a commit
  bool synced_waiting_ = false;  // a durable commit waits for its apply
  bool applying_ = false;        // a commit is being applied
  size_t callers_ = 0;           // threads inside Submit/SubmitBatch
  bool stopping_ = false;
  Stats stats_;
};

}  // namespace acctseg
