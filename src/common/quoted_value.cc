#include "common/quoted_value.h"

#include <fmt/format.h>

#include "common/utf8_decode.h"

namespace acctseg {
namespace {

// Characters that show as nothing, or as a space, or break the line.
bool Invisible(uint32_t code) {
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
  size_t next = at;
  const uint32_t code = DecodeUtf8(value, &next);
  if (code == UINT32_MAX)  // not UTF-8: the byte, as a byte
    out += fmt::format("\\x{:02x}", c);
  else if (Invisible(code))
    out += fmt::format("\\u{:04x}", code);
  else
    out.append(value.substr(at, next - at));
  return next;
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
