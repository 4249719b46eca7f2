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
    : log_(log), apply_(std::move(apply)), options_(options), thread_([this] { Run(); }) {}

Committer::~Committer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  room_.notify_all();
  thread_.join();
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

void Committer::Run() {
  std::vector<std::shared_ptr<Request>> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and everything submitted is done
      batch.assign(std::make_move_iterator(pending_.begin()),
                   std::make_move_iterator(pending_.end()));
      pending_.clear();
      pending_records_ = 0;
      pending_bytes_ = 0;
    }
    room_.notify_all();
    Commit(batch);
    batch.clear();
  }
}

// Everything pending goes into one AppendDurable; then apply in log order.
void Committer::Commit(std::vector<std::shared_ptr<Request>>& requests) {
  std::vector<std::string> payloads;
  size_t records = 0;
  for (const auto& request : requests) records += request->payloads.size();
  payloads.reserve(records);
  for (auto& request : requests)
    for (std::string& payload : request->payloads) payloads.push_back(std::move(payload));
  std::vector<uint64_t> seqs;
  try {
    seqs = log_.AppendDurable(payloads);
  } catch (...) {
    std::exception_ptr failure = std::current_exception();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.failed_commits;
    }
    for (auto& request : requests) request->done.set_exception(failure);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.commits;
    stats_.records += records;
  }
  size_t next = 0;
  for (auto& request : requests) {
    std::vector<nlohmann::ordered_json> results;
    results.reserve(request->payloads.size());
    std::exception_ptr failure;
    for (size_t i = 0; i < request->payloads.size(); ++i, ++next) {
      try {
        const void* attachment =
            request->attachments.empty() ? nullptr : request->attachments[i].get();
        results.push_back(apply_(seqs[next], payloads[next], attachment));
      } catch (...) {
        if (!failure) failure = std::current_exception();
        results.emplace_back();
      }
    }
    if (failure)
      request->done.set_exception(failure);
    else
      request->done.set_value(std::move(results));
  }
}

}  // namespace acctseg
