#include "common/idle_thread.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace acctseg {
namespace {

// The calling thread's scheduling: whether it is SCHED_IDLE, and its nice
// value.
struct Scheduling {
  bool idle_class = false;
  int nice = 0;
};
Scheduling ThisThreadsScheduling() {
  Scheduling s;
  int policy = 0;
  sched_param param{};
  if (pthread_getschedparam(pthread_self(), &policy, &param) == 0)
    s.idle_class = policy == SCHED_IDLE;
  s.nice = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
  return s;
}

TEST(IdleThread, RunsTheWorkAtIdlePriorityAndLeavesTheCallersAlone) {
  const Scheduling caller = ThisThreadsScheduling();
  ASSERT_FALSE(caller.idle_class);
  Scheduling worker;
  IdleThread thread([&] { worker = ThisThreadsScheduling(); });
  thread.Join();
  // SCHED_IDLE where the system allows it (Linux does for any thread),
  // else the lowest nice value.
  EXPECT_TRUE(worker.idle_class || worker.nice == 19);
  const Scheduling after = ThisThreadsScheduling();
  EXPECT_EQ(after.idle_class, caller.idle_class);
  EXPECT_EQ(after.nice, caller.nice);
}

TEST(IdleThread, TheDestructorWaitsForTheWork) {
  std::atomic<bool> done = false;
  {
    IdleThread thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      done = true;
    });
  }
  EXPECT_TRUE(done);
}

TEST(IdleThread, JoinTwiceIsHarmless) {
  int runs = 0;
  IdleThread thread([&] { ++runs; });
  thread.Join();
  thread.Join();
  EXPECT_EQ(runs, 1);
}

// A thread of idle priority still runs when every core is busy: it gets
// little time, not none (the kernel gives SCHED_IDLE a small weight), so
// work waited for is never starved for good.
TEST(IdleThread, FinishesBesideBusyThreads) {
  std::atomic<bool> stop = false;
  std::vector<std::thread> busy;
  for (unsigned i = 0; i < std::max(1u, std::thread::hardware_concurrency()); ++i)
    busy.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
      }
    });
  std::atomic<bool> done = false;
  IdleThread thread([&] { done = true; });
  thread.Join();
  stop = true;
  for (std::thread& t : busy) t.join();
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace acctseg
