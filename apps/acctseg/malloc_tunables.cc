#include "malloc_tunables.h"

#include <unistd.h>

#include <cstdlib>

namespace acctseg::cli {

void TuneMalloc(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr || std::getenv("ACCTSEG_NO_HUGE_PAGES") != nullptr)
    return;
  // Set even if the exec fails, so that a child we start does not retry.
  // Setting the trim threshold or top pad also fixes the mmap threshold at
  // its 128 KB default (glibc stops raising it as blocks are freed).
  if (setenv("GLIBC_TUNABLES",
             "glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=4294967296:"
             "glibc.malloc.top_pad=268435456",
             1) != 0)
    return;
  execv("/proc/self/exe", argv);  // returns only on failure: go on as we are
}

}  // namespace acctseg::cli
