// Whether a path names the process's standard input.
#pragma once

#include <string_view>

namespace acctseg {

// "-" (which --input resolves to /dev/stdin) and the names of descriptor
// 0. Such an input is a stream of the process that ran: another process
// that opens the same name reads its own standard input instead, whatever
// the first one's was redirected from.
inline bool NamesStandardInput(std::string_view path) {
  return path == "-" || path == "/dev/stdin" || path == "/dev/fd/0" || path == "/proc/self/fd/0";
}

}  // namespace acctseg
