// How glibc's malloc should serve the engine, set before anything runs.
//
// A run allocates columns of hundreds of MB; faulting them in 4 KB pages
// costs more than the work on them (measured in bench/README.md: about 8%
// of a 10M-account run), so glibc is asked for transparent huge pages
// (glibc.malloc.hugetlb=1). And a run frees and allocates again its
// per-morsel buffers step after step: glibc's default gives the top of its
// heap back to the kernel whenever 128 KB or more of it is free, so the
// next step faults the same memory in again, zeroed (docs/architecture.md,
// "Memory the kernel does not have to fault in"). A trim threshold no run
// reaches and a 256 MB top pad keep that memory in the process; blocks of
// 128 KB and more are still mapped and unmapped on their own, so the peak
// does not grow with it.
//
// glibc reads its tunables only at process start, so the CLI sets them and
// re-executes itself once, before doing anything else. Nothing changes
// where GLIBC_TUNABLES is already set (the user's choice wins),
// ACCTSEG_NO_HUGE_PAGES is set, or the re-exec fails.
#pragma once

namespace acctseg::cli {

void TuneMalloc(char** argv);

}  // namespace acctseg::cli
