#include "common/utf8_decode.h"

namespace acctseg {

uint32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || *pos + length > text.size()) {
    ++*pos;
    return UINT32_MAX;
  }
  uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(*pos + k) & 0xC0) != 0x80) {
      ++*pos;
      return UINT32_MAX;
    }
    cp = (cp << 6) | (byte(*pos + k) & 0x3F);
  }
  // Overlong forms and surrogates are not well-formed.
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++*pos;
    return UINT32_MAX;
  }
  *pos += length;
  return cp;
}

}  // namespace acctseg
