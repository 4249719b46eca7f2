#include "io/utf8.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "io/text_encoding.h"

namespace acctseg {

size_t FindInvalidUtf8(const char* data, size_t size) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  while (i < size) {
    // Input is mostly ASCII: skip 32 bytes at a time while no high bit is
    // set (four words OR-ed: one branch for 32 bytes), then 8 at a time.
    while (i + 32 <= size) {
      uint64_t words[4];
      std::memcpy(words, bytes + i, 32);
      if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ull) break;
      i += 32;
    }
    while (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= size) break;
    unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    // Bounds of the second byte narrow per lead byte to exclude overlong
    // forms, surrogates and code points above U+10FFFF.
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (size_t k = 2; k < length; ++k)
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    i += length;
  }
  return size;
}

std::string InvalidUtf8Message(unsigned char byte) {
  return fmt::format(
      "invalid UTF-8 (byte 0x{:02X}); if the file is in another encoding, declare it with "
      "encoding: (one of {})",
      byte, TextEncodingNames());
}

}  // namespace acctseg
