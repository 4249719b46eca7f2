#include "live/committer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "live/event_log_test_util.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using namespace testing;  // acctseg::testing: the fixtures

// Holds the applying leader inside apply until Open(), so that submissions
// pile up behind it deterministically.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  void WaitEntered() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return entered_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false, open_ = false;
};

void WaitForPending(const Committer& committer, size_t records) {
  while (committer.stats().pending_records < records)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

// Until `records` records are durable and waiting for the applier.
void WaitForDurable(const Committer& committer, size_t records) {
  while (committer.stats().durable_records < records)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(Committer, ManyThreadsEachGetTheirOwnDurableRecordInLogOrder) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  std::vector<uint64_t> applied;  // applies run one at a time, whichever thread leads
  Committer committer(*log, [&](uint64_t seq, std::string_view payload) {
    applied.push_back(seq);
    return nlohmann::ordered_json{{"seq", seq}, {"payload", std::string(payload)}};
  });
  constexpr int kThreads = 8, kEach = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string payload = std::to_string(t) + ":" + std::to_string(i);
        nlohmann::ordered_json result = committer.Submit(payload);
        if (result["payload"] != payload) ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(0, wrong.load());
  ASSERT_EQ(size_t{kThreads * kEach}, applied.size());
  for (size_t i = 0; i < applied.size(); ++i) EXPECT_EQ(i + 1, applied[i]);
  Committer::Stats stats = committer.stats();
  EXPECT_EQ(uint64_t{kThreads * kEach}, stats.records);
  EXPECT_LE(stats.commits, stats.records);
  EXPECT_EQ(size_t{kThreads * kEach}, ReadBack(*log).size());
}

// A lone event runs from submit to answer on its caller's thread: no
// hand-off to a committer thread (each is a wake-up the VM charges for).
TEST(Committer, ALoneSubmissionIsCommittedAndAppliedOnItsCallersThread) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  std::thread::id applied_on;
  Committer committer(*log, [&](uint64_t seq, std::string_view) {
    applied_on = std::this_thread::get_id();
    return nlohmann::ordered_json(seq);
  });
  for (uint64_t seq = 1; seq <= 3; ++seq) {
    EXPECT_EQ(seq, committer.Submit("x").get<uint64_t>());
    EXPECT_EQ(std::this_thread::get_id(), applied_on);
  }
  EXPECT_EQ(3u, committer.stats().commits);
}

TEST(Committer, EverythingPendingGoesInOneCommit) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  Gate gate;
  Committer committer(*log, [&](uint64_t seq, std::string_view payload) {
    if (payload == "gate") gate.Wait();
    return nlohmann::ordered_json(seq);
  });
  std::thread first([&] { committer.Submit("gate"); });
  gate.WaitEntered();
  // While the gate is applied, the next commit is synced and waits for the
  // applier; what comes after it piles up.
  std::thread second([&] { committer.Submit("w"); });
  WaitForDurable(committer, 1);
  std::vector<std::thread> threads;
  std::vector<std::vector<nlohmann::ordered_json>> results(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] { results[t] = committer.SubmitBatch({"x", "y", "z"}); });
  WaitForPending(committer, 12);
  gate.Open();
  first.join();
  second.join();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(3u, committer.stats().commits);  // the gate, the waiting one, then all twelve at once
  for (const auto& batch : results) {        // each batch got contiguous seqs
    ASSERT_EQ(3u, batch.size());
    EXPECT_EQ(batch[0].get<uint64_t>() + 1, batch[1].get<uint64_t>());
    EXPECT_EQ(batch[1].get<uint64_t>() + 1, batch[2].get<uint64_t>());
  }
}

TEST(Committer, TheQueueIsBounded) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  Gate gate;
  Committer::Options options;
  options.max_pending_records = 4;
  Committer committer(
      *log,
      [&](uint64_t seq, std::string_view payload) {
        if (payload == "gate") gate.Wait();
        return nlohmann::ordered_json(seq);
      },
      options);
  std::thread first([&] { committer.Submit("gate"); });
  gate.WaitEntered();
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) threads.emplace_back([&] { committer.Submit("x"); });
  WaitForPending(committer, 4);
  for (int i = 0; i < 50; ++i) {  // the other six wait for room
    EXPECT_EQ(4u, committer.stats().pending_records);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  gate.Open();
  first.join();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(11u, log->last_seq());
  EXPECT_EQ(0u, committer.stats().pending_records);
}

// The pipeline: a commit is synced while the one before is applied, and
// still applied only once durable, in log order.
TEST(Committer, SyncsTheNextCommitWhileApplyingAndAppliesOnlyWhatIsDurable) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  Gate gate;
  std::vector<uint64_t> applied;
  std::atomic<int> not_durable{0};
  Committer committer(*log, [&](uint64_t seq, std::string_view payload) {
    if (log->last_seq() < seq) ++not_durable;
    if (payload == "gate") gate.Wait();
    applied.push_back(seq);
    return nlohmann::ordered_json(seq);
  });
  std::thread first([&] { committer.Submit("gate"); });
  gate.WaitEntered();
  std::thread second([&] { committer.Submit("next"); });
  WaitForDurable(committer, 1);
  EXPECT_EQ(2u, log->last_seq());  // durable while the gate is still being applied
  EXPECT_EQ(0u, applied.size());
  gate.Open();
  first.join();
  second.join();
  EXPECT_EQ((std::vector<uint64_t>{1, 2}), applied);
  EXPECT_EQ(0, not_durable.load());
}

TEST(Committer, AFailingApplyFailsOnlyItsCaller) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  Committer committer(*log, [&](uint64_t seq, std::string_view payload) {
    if (payload == "bad") throw Error(ErrorKind::kInput, "bad payload");
    return nlohmann::ordered_json(seq);
  });
  ExpectError(ErrorKind::kInput, "bad payload", [&] { committer.Submit("bad"); });
  EXPECT_EQ(2u, committer.Submit("good").get<uint64_t>());
  EXPECT_EQ(2u, log->last_seq());  // the failed one is durable: replay applies it the same way
}

TEST(Committer, ShutdownDrainsWhatWasSubmitted) {
  TempDir temp;
  auto log = EventLog::Open(temp.File("wal"), nullptr);
  Gate gate;
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  {
    auto committer = std::make_unique<Committer>(*log, [&](uint64_t seq, std::string_view payload) {
      if (payload == "gate") gate.Wait();
      ++applied;
      return nlohmann::ordered_json(seq);
    });
    threads.emplace_back([&] {
      committer->Submit("gate");
      ++answered;
    });
    gate.WaitEntered();
    for (int t = 0; t < 5; ++t)
      threads.emplace_back([&] {
        committer->Submit("x");
        ++answered;
      });
    while (committer->stats().pending_records + committer->stats().durable_records < 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::thread closer([&] { committer.reset(); });
    gate.Open();
    closer.join();
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(6, applied.load());
  EXPECT_EQ(6, answered.load());
  EXPECT_EQ(6u, log->last_seq());
}

}  // namespace
}  // namespace acctseg
