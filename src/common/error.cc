#include "common/error.h"

#include <fmt/format.h>

namespace acctseg {

std::string Located(const std::string& file, size_t line, size_t column,
                    const std::string& message) {
  if (line == 0) return fmt::format("{}: {}", file, message);  // no line holds it
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

void ThrowIfCancelled(const std::atomic<bool>* cancelled) {
  if (cancelled != nullptr && cancelled->load())
    throw Error(ErrorKind::kInterrupted, "interrupted; nothing was written or recorded");
}

}  // namespace acctseg
