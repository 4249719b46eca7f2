// glibc's allocator, set for a long-running server: called once, first
// thing in `acctseg serve`, before any thread starts.
//
// Blocks of a MiB or more (an automatic snapshot's copy of the accounts,
// tens of MB every --snapshot-every events) are mapped and unmapped on
// their own: glibc would otherwise raise its threshold past the first one
// freed and keep the next ones in its arenas, and the RSS grew by a
// snapshot's copy at a time over a soak (bench/README.md, "Live server").
//
// Measured and not set (bench/README.md, "Arenas bounded, the trim
// threshold"): arenas bounded to two a core took ~7 MB off a 10-minute
// soak's growth but cost batches 3-20% (MALLOC_ARENA_MAX in the
// environment sets it); a trim threshold of 2 MiB (fixing the mmap
// threshold leaves glibc's at 128 KiB) removed the madvise calls of ~9% of
// single events, saved no CPU that could be measured, and the soak grew
// +4% instead of +3%.
#pragma once

namespace acctseg::server {

void SetUpAllocator();

}  // namespace acctseg::server
