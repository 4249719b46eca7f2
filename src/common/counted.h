// "1 account", "2 accounts": a count with its noun, for messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace acctseg {

// `count` and `noun`, plural unless the count is 1 (a regular noun gets an
// "s"; `plural` names any other).
inline std::string Counted(uint64_t count, std::string_view noun, std::string_view plural = {}) {
  std::string text = std::to_string(count) + " ";
  if (count == 1) return text + std::string(noun);
  return text + (plural.empty() ? std::string(noun) + "s" : std::string(plural));
}

}  // namespace acctseg
