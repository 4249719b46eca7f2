#include "server/lifo_thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <thread>

namespace acctseg::server {
namespace {

// Waits, however slow the machine, until `pool` has `count` idle threads
// (ctest's timeout ends a hang).
void WaitUntilIdle(const LifoThreadPool& pool, size_t count) {
  while (pool.idle() != count) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(LifoThreadPool, OneConnectionAfterAnotherIsServedByOneThread) {
  LifoThreadPool pool(8);
  WaitUntilIdle(pool, 8);
  std::set<std::thread::id> served_by;
  for (int i = 0; i < 20; ++i) {
    std::latch done(1);
    pool.enqueue([&] {
      served_by.insert(std::this_thread::get_id());
      done.count_down();
    });
    done.wait();
    WaitUntilIdle(pool, 8);  // the thread is back among the idle
  }
  EXPECT_EQ(served_by.size(), 1u);  // httplib's pool spreads them over its threads
}

TEST(LifoThreadPool, ThreadsThatServeAreAsManyAsTheJobsAtOnce) {
  LifoThreadPool pool(8);
  WaitUntilIdle(pool, 8);
  std::set<std::thread::id> served_by;
  std::mutex mutex;
  for (int round = 0; round < 10; ++round) {
    std::latch started(3), release(1);
    for (int i = 0; i < 3; ++i)
      pool.enqueue([&] {
        {
          std::lock_guard<std::mutex> lock(mutex);
          served_by.insert(std::this_thread::get_id());
        }
        started.count_down();
        release.wait();
      });
    started.wait();  // three at once
    release.count_down();
    WaitUntilIdle(pool, 8);
  }
  EXPECT_EQ(served_by.size(), 3u);
}

TEST(LifoThreadPool, JobsWaitWhileEveryThreadIsBusyAndShutdownRunsThem) {
  std::atomic<int> ran{0}, running{0}, most_at_once{0};
  std::latch release(1);
  {
    LifoThreadPool pool(2);
    for (int i = 0; i < 6; ++i)
      pool.enqueue([&] {
        const int now = ++running;
        int most = most_at_once;
        while (now > most && !most_at_once.compare_exchange_weak(most, now)) {
        }
        release.wait();
        --running;
        ++ran;
      });
    release.count_down();
    pool.shutdown();
    pool.enqueue([&] { ran += 100; });  // after shutdown: dropped
  }
  EXPECT_EQ(ran, 6);
  EXPECT_LE(most_at_once, 2);
}

}  // namespace
}  // namespace acctseg::server
