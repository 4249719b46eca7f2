#include "server/commit_health.h"

#include <fmt/format.h>

#include "common/counted.h"

namespace acctseg::server {
namespace {

std::string MessageOf(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

CommitHealth::CommitHealth(WarningThrottle::Write write)
    : write_(write), failures_(std::move(write)) {}

void CommitHealth::Committed(const std::exception_ptr& failure, int64_t now_ms) {
  if (!failure && !degraded_.load(std::memory_order_relaxed)) return;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!failure) {
    const Degraded ended = state_;
    degraded_ = false;
    lock.unlock();
    write_(fmt::format("the event log commits again, after {} over {:.1f} s",
                       Counted(ended.failed_commits, "failed commit"),
                       (now_ms - ended.since_ms) / 1000.0));
    return;
  }
  const std::string message = MessageOf(failure);
  if (!degraded_) state_ = Degraded{"", now_ms, 0};
  state_.reason = "the event log cannot commit: " + message;
  ++state_.failed_commits;
  degraded_ = true;
  lock.unlock();
  failures_.Warn(
      "warning: a commit to the event log failed; its writes were answered 503, nothing "
      "applied: " +
          message,
      now_ms);
}

std::optional<CommitHealth::Degraded> CommitHealth::degraded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!degraded_) return std::nullopt;
  return state_;
}

}  // namespace acctseg::server
