#include "live/committer.h"

#include <exception>

#include "common/error.h"

namespace acctseg {

// One Submit or SubmitBatch call: its payloads, and where its caller waits.
// The fields after `bytes` are guarded by the committer's mutex.
struct Committer::Request {
  std::vector<std::string> payloads;
  std::vector<Attachment> attachments;  // empty, or one per payload
  size_t bytes = 0;
  std::condition_variable wake;  // answered, or asked to lead
  bool taken = false;            // in a leader's commit
  bool answered = false;
  bool asked_to_lead = false;
  std::vector<nlohmann::ordered_json> results;
  std::exception_ptr failure;
};

struct Committer::Durable {
  std::vector<std::shared_ptr<Request>> requests;
  std::vector<std::string> payloads;
  std::vector<uint64_t> seqs;
};

Committer::Committer(EventLog& log, Apply apply) : Committer(log, std::move(apply), Options()) {}

Committer::Committer(EventLog& log, Apply apply, Options options)
    : Committer(
          log,
          [apply = std::move(apply)](uint64_t seq, std::string_view payload, const void*) {
            return apply(seq, payload);
          },
          options) {}

Committer::Committer(EventLog& log, ApplyAttached apply, Options options)
    : Committer(
          log,
          [apply = std::move(apply)](const std::vector<Record>& records) {
            std::vector<Answer> answers(records.size());
            for (size_t i = 0; i < records.size(); ++i) {
              try {
                answers[i].value = apply(records[i].seq, records[i].payload, records[i].attachment);
              } catch (...) {
                answers[i].error = std::current_exception();
              }
            }
            return answers;
          },
          options) {}

Committer::Committer(EventLog& log, ApplyRecords apply, Options options)
    : log_(log), apply_(std::move(apply)), options_(options) {}

Committer::~Committer() {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  room_.notify_all();
  // Everything submitted has a caller inside, waiting for its answer or
  // leading: once the last has left, nothing is pending or in flight.
  left_.wait(lock, [&] { return callers_ == 0; });
}

nlohmann::ordered_json Committer::Submit(std::string payload, Attachment attachment) {
  std::vector<std::string> one;
  one.push_back(std::move(payload));
  std::vector<Attachment> attachments;
  if (attachment) attachments.push_back(std::move(attachment));
  return std::move(SubmitBatch(std::move(one), std::move(attachments)).front());
}

std::vector<nlohmann::ordered_json> Committer::SubmitBatch(std::vector<std::string> payloads,
                                                           std::vector<Attachment> attachments) {
  if (payloads.empty()) return {};
  if (!attachments.empty() && attachments.size() != payloads.size())
    throw Error(ErrorKind::kInternal, "Committer::SubmitBatch: one attachment per payload");
  auto request = std::make_shared<Request>();
  for (const std::string& payload : payloads) request->bytes += payload.size();
  request->payloads = std::move(payloads);
  request->attachments = std::move(attachments);

  std::unique_lock<std::mutex> lock(mutex_);
  ++callers_;
  // Leaving is the last thing a caller does with the committer: the
  // destructor may run once the count is zero and the lock let go.
  auto leave = [&] {
    if (--callers_ == 0) left_.notify_all();
  };
  room_.wait(lock, [&] {
    bool fits = pending_records_ + request->payloads.size() <= options_.max_pending_records &&
                pending_bytes_ + request->bytes <= options_.max_pending_bytes;
    return stopping_ || fits || pending_.empty();
  });
  if (stopping_) {
    leave();
    throw Error(ErrorKind::kIo, "the event log is closing; nothing was written");
  }
  try {
    pending_.push_back(request);
  } catch (...) {  // std::bad_alloc: nothing of it was queued
    leave();
    throw;
  }
  pending_records_ += request->payloads.size();
  pending_bytes_ += request->bytes;
  // Answered first: a caller whose answer is in, or whose request another
  // leader took, does not lead the next commit (whoever HandOff asked will,
  // or the next to submit) but waits for its own answer.
  while (!request->answered) {
    if (MayLead() && !request->taken) {
      Lead(lock);
      continue;
    }
    request->asked_to_lead = false;
    request->wake.wait(lock, [&] { return request->answered || request->asked_to_lead; });
  }
  std::exception_ptr failure = request->failure;
  std::vector<nlohmann::ordered_json> results = std::move(request->results);
  leave();
  lock.unlock();
  if (failure) std::rethrow_exception(failure);
  return results;
}

Committer::Stats Committer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Stats stats = stats_;
  stats.pending_records = pending_records_;
  return stats;
}

bool Committer::MayLead() const { return !syncing_ && !synced_waiting_ && !pending_.empty(); }

void Committer::HandOff() {
  if (!MayLead()) return;
  pending_.front()->asked_to_lead = true;
  pending_.front()->wake.notify_one();
}

// noexcept: an exception here (std::bad_alloc; the append's and apply's
// failures are answers) would leave syncing_ or applying_ set and every
// later caller waiting, so it ends the process instead, as it did when a
// committer thread threw.
void Committer::Lead(std::unique_lock<std::mutex>& lock) noexcept {
  std::vector<std::shared_ptr<Request>> batch(std::make_move_iterator(pending_.begin()),
                                              std::make_move_iterator(pending_.end()));
  for (auto& request : batch) request->taken = true;
  pending_.clear();
  pending_records_ = 0;
  pending_bytes_ = 0;
  syncing_ = true;
  room_.notify_all();
  lock.unlock();
  std::exception_ptr failure;
  std::unique_ptr<Durable> commit = Commit(batch, failure);
  // Still the only leader writing (syncing_): outcomes are told in order.
  if (options_.on_commit) options_.on_commit(failure);
  lock.lock();
  syncing_ = false;
  if (!commit) {
    ++stats_.failed_commits;
    for (auto& request : batch) {
      request->failure = failure;
      request->answered = true;
      request->wake.notify_one();
    }
    HandOff();
    return;
  }
  ++stats_.commits;
  stats_.records += commit->payloads.size();
  // Wait for the commit before this one to be applied; then the next
  // commit may be written while this one is applied.
  synced_waiting_ = true;
  stats_.durable_records = commit->payloads.size();
  applied_.wait(lock, [&] { return !applying_; });
  synced_waiting_ = false;
  stats_.durable_records = 0;
  applying_ = true;
  HandOff();
  lock.unlock();
  std::vector<Answer> answers = ApplyCommit(*commit);
  lock.lock();
  size_t next = 0;
  for (auto& request : commit->requests) {
    request->results.reserve(request->payloads.size());
    for (size_t i = 0; i < request->payloads.size(); ++i, ++next) {
      if (answers[next].error && !request->failure) request->failure = answers[next].error;
      request->results.push_back(std::move(answers[next].value));
    }
    request->answered = true;
    request->wake.notify_one();
  }
  applying_ = false;
  applied_.notify_one();
}

// Everything the leader took goes into one AppendDurable.
std::unique_ptr<Committer::Durable> Committer::Commit(
    std::vector<std::shared_ptr<Request>>& requests, std::exception_ptr& failure) {
  auto commit = std::make_unique<Durable>();
  size_t records = 0;
  for (const auto& request : requests) records += request->payloads.size();
  commit->payloads.reserve(records);
  for (auto& request : requests)
    for (std::string& payload : request->payloads) commit->payloads.push_back(std::move(payload));
  try {
    commit->seqs = log_.AppendDurable(commit->payloads);
  } catch (...) {
    failure = std::current_exception();
    return nullptr;
  }
  commit->requests = std::move(requests);
  return commit;
}

std::vector<Committer::Answer> Committer::ApplyCommit(const Durable& commit) {
  std::vector<Record> records;
  records.reserve(commit.payloads.size());
  for (const auto& request : commit.requests)
    for (size_t i = 0; i < request->payloads.size(); ++i)
      records.push_back({commit.seqs[records.size()], commit.payloads[records.size()],
                         request->attachments.empty() ? nullptr : request->attachments[i].get()});
  std::vector<Answer> answers;
  try {
    answers = apply_(records);
    if (answers.size() != records.size())
      throw Error(ErrorKind::kInternal, "Committer: apply gave the wrong number of answers");
  } catch (...) {
    answers.assign(records.size(), Answer{nullptr, std::current_exception()});
  }
  return answers;
}

}  // namespace acctseg
