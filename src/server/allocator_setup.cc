#include "server/allocator_setup.h"

#include <malloc.h>

namespace acctseg::server {

void SetUpAllocator() {
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

}  // namespace acctseg::server
