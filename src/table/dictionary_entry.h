// How a Dictionary stores one entry: its text behind its length, the
// length as a LEB128 varint (one byte for texts under 128 bytes, the ids
// and codes dictionaries mostly hold). An entry is then found by one
// pointer, and reading its length touches the cache line its text starts on.
#pragma once

#include <cstddef>
#include <string_view>

namespace acctseg::dictionary_entry {

// The empty text's entry: a length of zero, shared by every dictionary.
inline constexpr char kEmpty[1] = {0};

// Bytes the length of a text of `length` bytes takes.
inline size_t LengthBytes(size_t length) {
  size_t bytes = 1;
  for (; length >= 0x80; length >>= 7) ++bytes;
  return bytes;
}

// Writes `text` behind its length at `out`; returns the byte after it.
char* Put(std::string_view text, char* out);

// The text of the entry at `at` whose length takes more than one byte.
std::string_view LongText(const unsigned char* at);

// The text of the entry at `entry`.
inline std::string_view Text(const char* entry) {
  const auto* at = reinterpret_cast<const unsigned char*>(entry);
  if (*at >= 0x80) [[unlikely]]
    return LongText(at);
  return std::string_view(entry + 1, *at);
}

}  // namespace acctseg::dictionary_entry
