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
    // A zero byte sets the high bit of (w - 0x01..) & ~w in its lane.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    const auto unusual = [](uint64_t w) { return (w | ((w - kOnes) & ~w)) & kHighs; };
    while (i + 32 <= size) {
      uint64_t words[4];
      std::memcpy(words, bytes + i, 32);
      if (unusual(words[0]) | unusual(words[1]) | unusual(words[2]) | unusual(words[3])) break;
      i += 32;
    }
    while (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if (unusual(word)) break;
      i += 8;
    }
    if (i >= size) break;
    unsigned char lead = bytes[i];
    if (lead == 0) return i;  // no text holds a NUL: a binary or UTF-16 file
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

std::string InvalidUtf8Message(unsigned char byte, EncodingAdvice advice) {
  if (byte == 0)
    return "a NUL byte (0x00), which no text holds: is this a binary file, or UTF-16 (save it "
           "as UTF-8)?";
  if (advice == EncodingAdvice::kConvert)
    return fmt::format(
        "invalid UTF-8 (byte 0x{:02X}); this file must be UTF-8 (it has no encoding: to "
        "declare): convert it, e.g. iconv -f latin1 -t utf-8",
        byte);
  return fmt::format(
      "invalid UTF-8 (byte 0x{:02X}); if the file is in another encoding, declare it with "
      "encoding: (one of {})",
      byte, TextEncodingNames());
}

}  // namespace acctseg
