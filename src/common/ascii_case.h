// ASCII case folding for names acctseg reads in any case (formats, file
// extensions, date units, HTTP media types): only A-Z change, whatever the
// C locale says, and bytes of UTF-8 text pass through as they are.
#pragma once

#include <string>
#include <string_view>

namespace acctseg {

inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

}  // namespace acctseg
