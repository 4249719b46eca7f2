// glibc's allocator, set for a long-running server: called once, first
// thing in `acctseg serve`, before any thread starts.
//
// - Blocks of a MiB or more (an automatic snapshot's copy of the accounts,
//   tens of MB every --snapshot-every events) are mapped and unmapped on
//   their own: glibc would otherwise raise its threshold past the first
//   one freed and keep the next ones in its arenas, and the RSS grew by a
//   snapshot's copy at a time over a soak (bench/README.md, "Live server").
// - Fixing that threshold also stops glibc from raising its trim threshold
//   (to twice the mmap threshold, as it would have); left at 128 KiB, an
//   arena whose free top passed it was shrunk by madvise after ~9% of
//   single events (freeing the previous run's dictionaries), a TLB
//   shootdown across the cores, and the next event faulted the pages back
//   (bench/README.md, "One recv and one send a request"). The server's
//   MemoryTrimmer still hands back every free page every 30 s.
//
// The number of arenas is left to glibc (up to eight a core; the
// MALLOC_ARENA_MAX environment variable bounds it): two a core took ~5 MB
// off a 10-minute soak's growth but cost batches 3-20% (bench/README.md,
// "Arenas bounded").
#pragma once

namespace acctseg::server {

inline constexpr int kMmapThreshold = 1 << 20;
inline constexpr int kTrimThreshold = 2 << 20;

void SetUpAllocator();

}  // namespace acctseg::server
