#include "server/memory_trimmer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace acctseg::server {
namespace {

TEST(MemoryTrimmer, TrimsEachPeriodUntilDestroyed) {
  std::atomic<int> trims{0};
  {
    MemoryTrimmer trimmer(std::chrono::milliseconds(1), [&] { ++trims; });
    // Waits for the thread, however slow the machine; ctest's timeout ends a hang.
    while (trims < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const int at_destruction = trims;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(trims, at_destruction);  // the thread is gone
}

TEST(MemoryTrimmer, DestructionDoesNotWaitForThePeriod) {
  std::atomic<int> trims{0};
  const auto start = std::chrono::steady_clock::now();
  {
    MemoryTrimmer trimmer(std::chrono::hours(1), [&] { ++trims; });
  }
  EXPECT_EQ(trims, 0);
  // Not a speed assertion: an hour's wait would be a hang, not slowness.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::minutes(5));
}

}  // namespace
}  // namespace acctseg::server
