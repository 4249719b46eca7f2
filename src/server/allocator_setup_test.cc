#include "server/allocator_setup.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>

namespace acctseg::server {
namespace {

// ASan's allocator replaces glibc's and ignores mallopt (GCC says so with
// __SANITIZE_ADDRESS__, clang with __has_feature).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kGlibcMalloc = false;
#else
constexpr bool kGlibcMalloc = true;
#endif
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

// A block of 4 MiB, mapped on its own (counted in hblkhd while held). The
// threshold is first set where glibc's own may have risen (it follows the
// largest block freed), so that only SetUpAllocator can make this pass.
void BigBlockIsMapped() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // as after freeing a 32 MiB block
  SetUpAllocator();
  void* volatile big = std::malloc(4 << 20);  // volatile: not elided
  const bool mapped = mallinfo2().hblkhd >= (4 << 20);
  std::free(big);
  std::fprintf(stderr, "mapped: %d\n", mapped);
  std::exit(mapped ? 0 : 1);
}

TEST_F(AllocatorSetupDeathTest, BlocksOfAMebibyteAreMappedOnTheirOwn) {
  EXPECT_EXIT(BigBlockIsMapped(), testing::ExitedWithCode(0), "mapped: 1");
}

}  // namespace
}  // namespace acctseg::server
