#include "common/resident_memory.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace acctseg {

size_t CurrentRssBytes() {
  // /proc/self/statm: total and resident size in pages.
  FILE* statm = std::fopen("/proc/self/statm", "r");
  if (!statm) return 0;
  unsigned long total = 0, resident = 0;
  int read = std::fscanf(statm, "%lu %lu", &total, &resident);
  std::fclose(statm);
  return read == 2 ? resident * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

size_t TakePeakRssBytes() {
  FILE* status = std::fopen("/proc/self/status", "r");
  if (!status) return 0;
  size_t peak_kb = 0;
  char line[256];
  while (std::fgets(line, sizeof line, status))
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      peak_kb = std::strtoul(line + 6, nullptr, 10);
      break;
    }
  std::fclose(status);
  // "5" resets the peak to the current resident size (proc(5)).
  if (FILE* clear = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", clear);
    std::fclose(clear);
  }
  return peak_kb * 1024;
}

}  // namespace acctseg
