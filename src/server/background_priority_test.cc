#include "server/background_priority.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace acctseg::server {
namespace {

int NiceOfThisThread() { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }

TEST(BackgroundPriority, TheWorkRunsNicerOnAnotherThreadAndTheCallerStaysAsItWas) {
  const int before = NiceOfThisThread();
  const std::thread::id caller = std::this_thread::get_id();
  int nice_inside = before;
  std::thread::id inside;
  RunInBackground([&] {
    nice_inside = NiceOfThisThread();
    inside = std::this_thread::get_id();
  });
  EXPECT_NE(inside, caller);
  EXPECT_EQ(nice_inside, std::min(before + kBackgroundNice, 19));  // 19: the lowest priority
  EXPECT_EQ(NiceOfThisThread(), before);
}

TEST(BackgroundPriority, WhatTheWorkThrowsReachesTheCaller) {
  EXPECT_THROW(RunInBackground([] { throw std::runtime_error("disk full"); }), std::runtime_error);
}

}  // namespace
}  // namespace acctseg::server
