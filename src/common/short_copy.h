// Copies a text of a few bytes (a name, a value, a category) with two
// fixed-size, overlapping moves instead of a call to the C library's
// memcpy: at ten million accounts a run's writer and its reasons' words
// make hundreds of millions of such copies, whose calls cost more than the
// bytes they move. Reads and writes exactly the text's bytes.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace acctseg {

namespace short_copy_detail {
template <size_t kBytes>
inline void CopyBytes(const char* from, char* to) {
  char bytes[kBytes];
  std::memcpy(bytes, from, kBytes);
  std::memcpy(to, bytes, kBytes);
}
}  // namespace short_copy_detail

// `text` at `out`; returns the end of the copy.
inline char* CopyShortText(std::string_view text, char* out) {
  using short_copy_detail::CopyBytes;
  const char* from = text.data();
  const size_t n = text.size();
  if (n >= 8 && n <= 16) {
    CopyBytes<8>(from, out);
    CopyBytes<8>(from + n - 8, out + n - 8);
  } else if (n > 16 && n <= 32) {
    CopyBytes<16>(from, out);
    CopyBytes<16>(from + n - 16, out + n - 16);
  } else if (n >= 4 && n < 8) {
    CopyBytes<4>(from, out);
    CopyBytes<4>(from + n - 4, out + n - 4);
  } else if (n > 32) {
    std::memcpy(out, from, n);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = from[i];  // an empty text's data() may be null
  }
  return out + n;
}

}  // namespace acctseg
