#include "common/fresh_memory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

namespace acctseg {
namespace {

// Sizes around the threshold for threads and the 2 MB stretches: every
// byte zeroed, the last stretch's tail included, and none past the end.
TEST(FreshMemory, ZeroOnThreadsZeroesEveryByteAndNoMore) {
  for (size_t bytes :
       {size_t{0}, size_t{1}, size_t{8} << 20, (size_t{8} << 20) + 1, (size_t{21} << 20) + 12345}) {
    for (int threads : {1, 2, 3}) {
      std::vector<uint8_t> buffer(bytes + 64, 0xAB);
      ZeroOnThreads(buffer.data(), bytes, threads);
      EXPECT_TRUE(std::all_of(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(bytes),
                              [](uint8_t b) { return b == 0; }))
          << bytes << " bytes, " << threads << " threads";
      EXPECT_TRUE(std::all_of(buffer.begin() + static_cast<ptrdiff_t>(bytes), buffer.end(),
                              [](uint8_t b) { return b == 0xAB; }))
          << bytes << " bytes, " << threads << " threads";
    }
  }
}

// A table emptied again after use holds zeros, however large, and keeps
// the values it is then given. The sizes shrink, so each call reuses the
// memory the last one filled (a growing vector would get fresh, already
// zero pages and prove nothing).
TEST(FreshMemory, AssignZerosEmptiesAVectorThatHeldValues) {
  UnwrittenVector<uint32_t> slots;
  for (size_t count : {size_t{5} << 20, size_t{3} << 20, size_t{1000}, size_t{10}}) {
    AssignZeros(slots, count, 2);
    ASSERT_EQ(slots.size(), count);
    EXPECT_TRUE(std::all_of(slots.begin(), slots.end(), [](uint32_t v) { return v == 0; }))
        << count;
    std::fill(slots.begin(), slots.end(), 0xFFFFFFFFu);
  }
}

// resize leaves the new elements to the caller, but an explicit value is
// still written.
TEST(FreshMemory, UnwrittenVectorStillTakesGivenValues) {
  UnwrittenVector<int32_t> values(5, -1);
  EXPECT_EQ(values, UnwrittenVector<int32_t>(5, -1));
  values.resize(8, 7);
  EXPECT_EQ(values.back(), 7);
  EXPECT_EQ(values.front(), -1);
}

}  // namespace
}  // namespace acctseg
