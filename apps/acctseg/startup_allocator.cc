#include "startup_allocator.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ACCTSEG_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ACCTSEG_SANITIZED 1
#endif
#endif

namespace acctseg::cli {
namespace {

// Set in the environment of the re-executed process: what was chosen.
constexpr const char* kChosen = "ACCTSEG_ALLOCATOR_CHOSEN";

bool SetHugePagesTunable() {
  if (std::getenv("GLIBC_TUNABLES") != nullptr || std::getenv("ACCTSEG_NO_HUGE_PAGES") != nullptr)
    return false;
  // Left set for the processes we start, so that they do not re-execute.
  return setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) == 0;
}

bool PreloadServeAllocator([[maybe_unused]] int argc, [[maybe_unused]] char** argv) {
#if defined(ACCTSEG_JEMALLOC) && !defined(ACCTSEG_SANITIZED)
  if (argc < 2 || std::string_view(argv[1]) != "serve") return false;
  const char* choice = std::getenv("ACCTSEG_SERVE_MALLOC");
  if (choice != nullptr && std::string_view(choice) == "glibc") return false;
  if (std::getenv("LD_PRELOAD") != nullptr || access(ACCTSEG_JEMALLOC, R_OK) != 0) return false;
  return setenv("LD_PRELOAD", ACCTSEG_JEMALLOC, 1) == 0;
#else
  return false;
#endif
}

}  // namespace

void ChooseAllocator(int argc, char** argv) {
  if (const char* chosen = std::getenv(kChosen)) {
    if (std::string_view(chosen) == "jemalloc") unsetenv("LD_PRELOAD");
    unsetenv(kChosen);
    return;
  }
  const bool huge_pages = SetHugePagesTunable();
  const bool jemalloc = PreloadServeAllocator(argc, argv);
  if (!huge_pages && !jemalloc) return;
  setenv(kChosen, jemalloc ? "jemalloc" : "glibc", 1);
  execv("/proc/self/exe", argv);
  // The exec failed: go on as we are, and start nothing with jemalloc.
  if (jemalloc) unsetenv("LD_PRELOAD");
  unsetenv(kChosen);
}

}  // namespace acctseg::cli
