#include "common/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace acctseg {
namespace {

// With no parallel loop running, one thread is the only busy one: a
// second core is idle.
TEST(WaitForAnIdleCore, ReturnsAtOnceWhenNoLoopRuns) {
  if (HardwareThreads() < 2) GTEST_SKIP() << "one core: never idle beside this thread";
  WaitForAnIdleCore([] { return false; });
}

// A parallel loop of one task per core, each held until Release: every
// core busy with the loop's threads.
class EveryCoreBusy {
 public:
  EveryCoreBusy()
      : loop_([this] {
          const int cores = HardwareThreads();
          ParallelFor(static_cast<size_t>(cores), cores, [&](size_t) {
            ++started_;
            released_.wait();
          });
        }) {
    while (started_.load() < HardwareThreads()) std::this_thread::yield();
  }
  ~EveryCoreBusy() { Release(); }
  // Lets the loop return; once.
  void Release() {
    if (!loop_.joinable()) return;
    release_.set_value();
    loop_.join();
  }

 private:
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<int> started_ = 0;
  std::thread loop_;
};

// A loop that keeps every core busy holds the waiter until it returns.
// (On one core a loop of one worker is serial, and counts as none.)
TEST(WaitForAnIdleCore, WaitsWhileALoopKeepsEveryCoreBusy) {
  if (HardwareThreads() < 2) GTEST_SKIP() << "one core: no loop of more than one worker";
  EveryCoreBusy busy;
  std::atomic<bool> returned = false;
  std::thread waiter([&] {
    WaitForAnIdleCore([] { return false; });
    returned = true;
  });
  // Not a timing: it cannot return while the loop runs, whatever the wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(returned.load());
  busy.Release();
  waiter.join();  // returns, once the loop has
  EXPECT_TRUE(returned.load());
}

// A loop's thread that finds no task left leaves its core idle while the
// others finish: the waiter returns then, the loop still running.
TEST(WaitForAnIdleCore, ReturnsWhenALoopsThreadHasNoTaskLeft) {
  const int cores = HardwareThreads();
  if (cores < 2) GTEST_SKIP() << "one core: no loop of more than one worker";
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> held = 0;
  // cores - 1 tasks held, and one more that returns at once: its thread
  // then finds no task left.
  std::thread loop([&] {
    ParallelFor(static_cast<size_t>(cores), cores, [&](size_t task) {
      if (task == static_cast<size_t>(cores) - 1) return;
      ++held;
      released.wait();
    });
  });
  while (held.load() < cores - 1) std::this_thread::yield();
  std::promise<void> returned;
  std::future<void> waited = returned.get_future();
  std::thread waiter([&] {
    WaitForAnIdleCore([] { return false; });
    returned.set_value();
  });
  // A minute is a failure, not a timing: counted out only when its loop
  // returned, the thread would keep the waiter until the release below.
  EXPECT_EQ(waited.wait_for(std::chrono::minutes(1)), std::future_status::ready);
  release.set_value();
  loop.join();
  waiter.join();
}

// A waiter told to stop returns on WakeIdleCoreWaiters, the cores still
// busy.
TEST(WaitForAnIdleCore, StopsWhenWokenWithItsStopSet) {
  if (HardwareThreads() < 2) GTEST_SKIP() << "one core: no loop of more than one worker";
  EveryCoreBusy busy;
  std::atomic<bool> stop = false;
  std::thread waiter([&] { WaitForAnIdleCore([&] { return stop.load(); }); });
  stop = true;
  WakeIdleCoreWaiters();
  waiter.join();  // without the wake-up it would wait for the loop
}

}  // namespace
}  // namespace acctseg
