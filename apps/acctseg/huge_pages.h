// Transparent huge pages for the engine's big arrays.
//
// A run allocates columns of hundreds of MB; faulting them in 4 KB pages
// costs more than the work on them (measured in bench/README.md: about 8%
// of a 10M-account run). glibc's malloc asks the kernel for huge pages
// (madvise) when the tunable glibc.malloc.hugetlb=1 is set, but it reads
// tunables only at process start. So the CLI sets it and re-executes
// itself once, before doing anything else. Nothing changes where the
// kernel has THP off, GLIBC_TUNABLES is already set (the user's choice
// wins), ACCTSEG_NO_HUGE_PAGES is set, or the re-exec fails.
#pragma once

namespace acctseg::cli {

void PreferHugePages(char** argv);

}  // namespace acctseg::cli
