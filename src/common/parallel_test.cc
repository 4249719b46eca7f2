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

// A loop that keeps every core busy holds the waiter until it returns.
TEST(WaitForAnIdleCore, WaitsWhileALoopKeepsEveryCoreBusy) {
  const int cores = HardwareThreads();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started = 0;
  std::thread loop([&] {
    ParallelFor(static_cast<size_t>(cores), cores, [&](size_t) {
      ++started;
      released.wait();
    });
  });
  while (started.load() < cores) std::this_thread::yield();
  std::atomic<bool> returned = false;
  std::thread waiter([&] {
    WaitForAnIdleCore([] { return false; });
    returned = true;
  });
  // Not a timing: it cannot return while the loop runs, whatever the wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(returned.load());
  release.set_value();
  loop.join();
  waiter.join();  // returns, once the loop has
  EXPECT_TRUE(returned.load());
}

// A waiter told to stop returns on WakeIdleCoreWaiters, the cores still
// busy.
TEST(WaitForAnIdleCore, StopsWhenWokenWithItsStopSet) {
  const int cores = HardwareThreads();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started = 0;
  std::thread loop([&] {
    ParallelFor(static_cast<size_t>(cores), cores, [&](size_t) {
      ++started;
      released.wait();
    });
  });
  while (started.load() < cores) std::this_thread::yield();
  std::atomic<bool> stop = false;
  std::thread waiter([&] { WaitForAnIdleCore([&] { return stop.load(); }); });
  stop = true;
  WakeIdleCoreWaiters();
  waiter.join();  // without the wake-up it would wait for the loop
  release.set_value();
  loop.join();
}

}  // namespace
}  // namespace acctseg
