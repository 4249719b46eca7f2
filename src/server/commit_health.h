// Whether the event log takes writes, for GET /healthz: degraded from a
// commit that failed (a full disk: every write is then answered 503) until
// one succeeds. Each failure is also said on the operator's log (stderr),
// at most once a second (WarningThrottle), and the recovery once, with the
// count of commits that failed meanwhile; a server that answered 503 to
// every write used to say nothing anywhere.
// Thread-safe. Committed is called by the committer's leader, one commit at
// a time in commit order (Committer::Options::on_commit); a commit that
// succeeds while all is well costs one atomic load.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <string>

#include "server/warning_throttle.h"

namespace acctseg::server {

class CommitHealth {
 public:
  struct Degraded {
    std::string reason;    // "the event log cannot commit: " and the last failure
    int64_t since_ms = 0;  // the first failure of this run of them
    uint64_t failed_commits = 0;
  };

  // `write` gets each line for the operator (without the "acctseg: " prefix).
  explicit CommitHealth(WarningThrottle::Write write);

  // One commit's outcome: `failure` null when it is durable.
  void Committed(const std::exception_ptr& failure, int64_t now_ms);
  // Set while the last commit failed.
  std::optional<Degraded> degraded() const;

 private:
  const WarningThrottle::Write write_;
  WarningThrottle failures_;
  std::atomic<bool> degraded_{false};  // the fast path of a successful commit
  mutable std::mutex mutex_;
  Degraded state_;  // guarded by mutex_; meaningful while degraded_
};

}  // namespace acctseg::server
