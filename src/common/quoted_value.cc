#include "common/quoted_value.h"

#include <fmt/format.h>

namespace acctseg {
namespace {

// The code point of the UTF-8 sequence at `at` and its length, or
// {0, 0} where the bytes are not one.
std::pair<char32_t, size_t> DecodeAt(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || at + length > text.size()) return {0, 0};
  char32_t code = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {0, 0};
    code = (code << 6) | (byte(i) & 0x3F);
  }
  return {code, length};
}

// Characters that show as nothing, or as a space, or break the line.
bool Invisible(char32_t code) {
  return code == 0x00A0 || code == 0x00AD || (code >= 0x200B && code <= 0x200F) ||
         (code >= 0x2028 && code <= 0x202E) || code == 0x2060 || code == 0xFEFF ||
         (code >= 0x0080 && code <= 0x009F);
}

// Appends the escaped bytes of `value` from `at` and returns where the
// next character begins.
size_t AppendEscaped(std::string& out, std::string_view value, size_t at) {
  const unsigned char c = static_cast<unsigned char>(value[at]);
  if (c < 0x80) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        if (c < 0x20 || c == 0x7F)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
    return at + 1;
  }
  const auto [code, length] = DecodeAt(value, at);
  if (length == 0) {  // not UTF-8: the byte, as a byte
    out += fmt::format("\\x{:02x}", c);
    return at + 1;
  }
  if (Invisible(code))
    out += fmt::format("\\u{:04x}", static_cast<uint32_t>(code));
  else
    out.append(value.substr(at, length));
  return at + length;
}

}  // namespace

std::string QuotedValue(std::string_view value, size_t max_bytes) {
  std::string out = "\"";
  size_t at = 0;
  while (at < value.size() && at < max_bytes) at = AppendEscaped(out, value, at);
  out += '"';
  if (at < value.size()) out += fmt::format("... ({} bytes)", value.size());
  return out;
}

std::string EscapedValue(std::string_view value) {
  std::string out;
  for (size_t at = 0; at < value.size();) at = AppendEscaped(out, value, at);
  return out;
}

}  // namespace acctseg
