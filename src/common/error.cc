#include "common/error.h"

#include <fmt/format.h>

namespace acctseg {

std::string Located(const std::string& file, size_t line, size_t column,
                    const std::string& message) {
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

}  // namespace acctseg
