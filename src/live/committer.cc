#include "live/committer.h"

#include <exception>
#include <future>

#include "common/error.h"

namespace acctseg {

// One Submit or SubmitBatch call: its payloads, and the promise its caller waits on.
struct Committer::Request {
  std::vector<std::string> payloads;
  std::vector<Attachment> attachments;  // empty, or one per payload
  size_t bytes = 0;
  std::promise<std::vector<nlohmann::ordered_json>> done;
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
    : log_(log),
      apply_(std::move(apply)),
      options_(options),
      syncer_([this] { SyncLoop(); }),
      applier_([this] { ApplyLoop(); }) {}

Committer::~Committer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  room_.notify_all();
  syncer_.join();  // commits what is pending, then tells the applier
  applier_.join();
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
  std::future<std::vector<nlohmann::ordered_json>> result = request->done.get_future();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] {
      bool fits = pending_records_ + request->payloads.size() <= options_.max_pending_records &&
                  pending_bytes_ + request->bytes <= options_.max_pending_bytes;
      return stopping_ || fits || pending_.empty();
    });
    if (stopping_) throw Error(ErrorKind::kIo, "the event log is closing; nothing was written");
    pending_records_ += request->payloads.size();
    pending_bytes_ += request->bytes;
    pending_.push_back(request);
    work_.notify_one();  // under the lock: the committer may be destroyed once we let go
  }
  return result.get();
}

Committer::Stats Committer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Stats stats = stats_;
  stats.pending_records = pending_records_;
  return stats;
}

// A commit the syncer made durable, for the applier: its requests, their
// payloads in log order and their seqs.
struct Committer::Durable {
  std::vector<std::shared_ptr<Request>> requests;
  std::vector<std::string> payloads;
  std::vector<uint64_t> seqs;
};

void Committer::SyncLoop() {
  std::vector<std::shared_ptr<Request>> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Waiting for the hand-off to be free before taking what is pending
      // lets submissions pile up into one larger commit while apply is slow.
      work_.wait(lock, [&] { return (stopping_ || !pending_.empty()) && !handoff_; });
      if (pending_.empty()) {  // stopping, and everything submitted is committed
        syncer_done_ = true;
        durable_.notify_one();
        return;
      }
      batch.assign(std::make_move_iterator(pending_.begin()),
                   std::make_move_iterator(pending_.end()));
      pending_.clear();
      pending_records_ = 0;
      pending_bytes_ = 0;
    }
    room_.notify_all();
    std::unique_ptr<Durable> commit = Commit(batch);
    batch.clear();
    if (!commit) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.durable_records = commit->payloads.size();
    handoff_ = std::move(commit);
    durable_.notify_one();
  }
}

void Committer::ApplyLoop() {
  for (;;) {
    std::unique_ptr<Durable> commit;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      durable_.wait(lock, [&] { return handoff_ || syncer_done_; });
      if (!handoff_) return;  // the syncer left and nothing waits
      commit = std::move(handoff_);
      stats_.durable_records = 0;
      work_.notify_one();  // the syncer may take the next pending records
    }
    ApplyCommit(*commit);
  }
}

// Everything pending goes into one AppendDurable.
std::unique_ptr<Committer::Durable> Committer::Commit(
    std::vector<std::shared_ptr<Request>>& requests) {
  auto commit = std::make_unique<Durable>();
  size_t records = 0;
  for (const auto& request : requests) records += request->payloads.size();
  commit->payloads.reserve(records);
  for (auto& request : requests)
    for (std::string& payload : request->payloads) commit->payloads.push_back(std::move(payload));
  try {
    commit->seqs = log_.AppendDurable(commit->payloads);
  } catch (...) {
    std::exception_ptr failure = std::current_exception();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.failed_commits;
    }
    for (auto& request : requests) request->done.set_exception(failure);
    return nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.commits;
    stats_.records += records;
  }
  commit->requests = std::move(requests);
  return commit;
}

// Apply in log order; each caller gets its results once all of its records are applied.
void Committer::ApplyCommit(Durable& commit) {
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
  size_t next = 0;
  for (auto& request : commit.requests) {
    std::vector<nlohmann::ordered_json> results;
    results.reserve(request->payloads.size());
    std::exception_ptr failure;
    for (size_t i = 0; i < request->payloads.size(); ++i, ++next) {
      if (answers[next].error && !failure) failure = answers[next].error;
      results.push_back(std::move(answers[next].value));
    }
    if (failure)
      request->done.set_exception(failure);
    else
      request->done.set_value(std::move(results));
  }
}

}  // namespace acctseg
