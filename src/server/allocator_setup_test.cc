#include "server/allocator_setup.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace acctseg::server {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;  // ASan's allocator ignores mallopt
#else
constexpr bool kGlibcMalloc = true;
#endif

// Each check runs in a process of its own (a death test, re-executed):
// mallopt's settings are the whole process's.
class AllocatorSetupDeathTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!kGlibcMalloc) GTEST_SKIP() << "not glibc's allocator under ASan";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

// Each check first sets what glibc may have reached by itself (its
// thresholds rise as a process frees large blocks), so that only
// SetUpAllocator can make it pass.

// A block of 4 MiB, mapped on its own (counted in hblkhd while held).
void BigBlockIsMapped() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // as after freeing a 16 MiB block
  SetUpAllocator();
  void* volatile big = std::malloc(4 << 20);  // volatile: not elided
  const bool mapped = mallinfo2().hblkhd >= (4 << 20);
  std::free(big);
  std::fprintf(stderr, "mapped: %d\n", mapped);
  std::exit(mapped ? 0 : 1);
}

// 1.5 MiB of blocks at the heap's top, freed in the order they came, so
// that they end merged into the top: a 128 KiB trim threshold (glibc's
// first) hands them back at once; 2 MiB keeps them for the next ones
// (keepcost: the free top). Blocks of 2,000 bytes pass glibc's per-thread
// cache, which would hold some apart; nothing else allocates meanwhile.
void FreedTopIsKept() {
  mallopt(M_TRIM_THRESHOLD, 128 << 10);
  SetUpAllocator();
  std::vector<void*> blocks;
  blocks.reserve(768);
  for (int i = 0; i < 768; ++i) blocks.push_back(std::malloc(2000));
  for (void* block : blocks) std::free(block);
  const bool kept = mallinfo2().keepcost >= (1 << 20);
  std::fprintf(stderr, "kept: %d\n", kept);
  std::exit(kept ? 0 : 1);
}

TEST_F(AllocatorSetupDeathTest, BlocksOfAMebibyteAreMappedOnTheirOwn) {
  EXPECT_EXIT(BigBlockIsMapped(), testing::ExitedWithCode(0), "mapped: 1");
}

TEST_F(AllocatorSetupDeathTest, AFreedTopBelowTwoMebibytesIsKept) {
  EXPECT_EXIT(FreedTopIsKept(), testing::ExitedWithCode(0), "kept: 1");
}

}  // namespace
}  // namespace acctseg::server
