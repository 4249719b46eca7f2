#include "common/fresh_memory.h"

#include <algorithm>
#include <cstring>

#include "common/parallel.h"

namespace acctseg {

namespace {

constexpr size_t kStretchBytes = size_t{2} << 20;
// Below this the faults take about a millisecond warm: not worth threads.
constexpr size_t kZeroAloneBytes = size_t{8} << 20;

}  // namespace

void ZeroOnThreads(void* data, size_t bytes, int threads) {
  if (bytes < kZeroAloneBytes || threads <= 1) {
    std::memset(data, 0, bytes);
    return;
  }
  char* begin = static_cast<char*>(data);
  const size_t stretches = (bytes + kStretchBytes - 1) / kStretchBytes;
  ParallelFor(stretches, threads, [&](size_t i) {
    const size_t first = i * kStretchBytes;
    std::memset(begin + first, 0, std::min(kStretchBytes, bytes - first));
  });
}

}  // namespace acctseg
