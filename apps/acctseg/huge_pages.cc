#include "huge_pages.h"

#include <unistd.h>

#include <cstdlib>

namespace acctseg::cli {

void PreferHugePages(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr || std::getenv("ACCTSEG_NO_HUGE_PAGES") != nullptr)
    return;
  // Set even if the exec fails, so that a child we start does not retry.
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);  // returns only on failure: go on as we are
}

}  // namespace acctseg::cli
