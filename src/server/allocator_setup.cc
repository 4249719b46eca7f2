#include "server/allocator_setup.h"

#include <malloc.h>

namespace acctseg::server {

void SetUpAllocator() { mallopt(M_MMAP_THRESHOLD, 1 << 20); }

}  // namespace acctseg::server
