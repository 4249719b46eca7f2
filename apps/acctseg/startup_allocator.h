// Allocator settings that take effect only at process start: the CLI sets
// them in its environment and re-executes itself once, before doing
// anything else.
//
// - Transparent huge pages for the engine's big arrays (every command). A
//   run allocates columns of hundreds of MB; faulting them in 4 KB pages
//   costs more than the work on them (about 8% of a 10M-account run,
//   bench/README.md). glibc's malloc asks the kernel for huge pages
//   (madvise) when the tunable glibc.malloc.hugetlb=1 is set, and it reads
//   tunables only at start. Not set where GLIBC_TUNABLES is already set
//   (the user's choice wins) or ACCTSEG_NO_HUGE_PAGES is.
// - jemalloc for `acctseg serve`, where the build found libjemalloc.so.2
//   (Debian's libjemalloc2), preloaded. The server allocates and frees
//   small objects on dozens of threads for as long as it runs; in glibc's
//   arenas those frees leave holed free lists that every later malloc
//   walks (unlink_chunk was 13% of a live update's time), and a slow apply
//   holds up every single event behind it. On jemalloc the mean update
//   took ~25% less time and the slowest ~35% less (bench/README.md,
//   "The server on jemalloc"). Batch commands stay on glibc: a 10M-account
//   run took 1.7x its wall time on jemalloc. Not preloaded where
//   LD_PRELOAD is already set, ACCTSEG_SERVE_MALLOC=glibc, or in a
//   sanitizer build (the sanitizers bring their own allocator).
//
// Nothing changes where the re-exec fails. The re-executed process takes
// LD_PRELOAD out of its environment again, so what it starts gets the
// default allocator.
#pragma once

namespace acctseg::cli {

void ChooseAllocator(int argc, char** argv);

}  // namespace acctseg::cli
