#include "io/text_encoding.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace acctseg {
namespace {

// Bytes 0x80-0xFF of Mac OS Roman (Apple's mapping since Mac OS 8.5: 0xDB
// is the euro sign, 0xF0 the Apple logo in the private use area).
constexpr uint16_t kMacRomanHigh[128] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,  //
    0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,  //
    0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,  //
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,  //
    0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,  //
    0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,  //
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,  //
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,  //
    0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,  //
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,  //
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,  //
    0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,  //
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,  //
    0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,  //
    0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,  //
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,  //
};

// Bytes 0x80-0x9F of windows-1252; from 0xA0 on it is latin1.
constexpr uint16_t kWindows1252C1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  //
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  //
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  //
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  //
};

// One byte's UTF-8 sequence, padded to 4 bytes so it is stored at once.
struct Utf8Sequence {
  char bytes[4];
  uint8_t length;
};
using ByteTable = std::array<Utf8Sequence, 256>;

Utf8Sequence Encode(uint32_t code_point) {
  Utf8Sequence sequence{};
  if (code_point < 0x80) {
    sequence.bytes[0] = static_cast<char>(code_point);
    sequence.length = 1;
  } else if (code_point < 0x800) {
    sequence.bytes[0] = static_cast<char>(0xC0 | (code_point >> 6));
    sequence.bytes[1] = static_cast<char>(0x80 | (code_point & 0x3F));
    sequence.length = 2;
  } else {  // every table entry is in the Basic Multilingual Plane
    sequence.bytes[0] = static_cast<char>(0xE0 | (code_point >> 12));
    sequence.bytes[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    sequence.bytes[2] = static_cast<char>(0x80 | (code_point & 0x3F));
    sequence.length = 3;
  }
  return sequence;
}

uint32_t CodePoint(TextEncoding encoding, unsigned byte) {
  if (byte < 0x80) return byte;
  switch (encoding) {
    case TextEncoding::kMacRoman:
      return kMacRomanHigh[byte - 0x80];
    case TextEncoding::kWindows1252:
      return byte < 0xA0 ? kWindows1252C1[byte - 0x80] : byte;
    default:
      return byte;  // latin1: the byte is the code point
  }
}

const ByteTable& TableFor(TextEncoding encoding) {
  static const auto build = [](TextEncoding e) {
    ByteTable table;
    for (unsigned byte = 0; byte < 256; ++byte) table[byte] = Encode(CodePoint(e, byte));
    return table;
  };
  static const ByteTable mac_roman = build(TextEncoding::kMacRoman);
  static const ByteTable latin1 = build(TextEncoding::kLatin1);
  static const ByteTable windows_1252 = build(TextEncoding::kWindows1252);
  switch (encoding) {
    case TextEncoding::kMacRoman:
      return mac_roman;
    case TextEncoding::kWindows1252:
      return windows_1252;
    default:
      return latin1;
  }
}

std::string Normalized(std::string_view name) {
  std::string normal;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    normal.push_back(c == '-' ? '_' : c);
  }
  return normal;
}

}  // namespace

std::optional<TextEncoding> ParseTextEncoding(std::string_view name) {
  const std::string normal = Normalized(name);
  if (normal == "utf_8" || normal == "utf8") return TextEncoding::kUtf8;
  if (normal == "mac_roman" || normal == "macroman" || normal == "macintosh")
    return TextEncoding::kMacRoman;
  if (normal == "latin1" || normal == "latin_1" || normal == "iso_8859_1")
    return TextEncoding::kLatin1;
  if (normal == "windows_1252" || normal == "cp1252") return TextEncoding::kWindows1252;
  return std::nullopt;
}

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kMacRoman:
      return "mac_roman";
    case TextEncoding::kLatin1:
      return "latin1";
    case TextEncoding::kWindows1252:
      return "windows-1252";
    default:
      return "utf-8";
  }
}

const char* TextEncodingNames() { return "utf-8, mac_roman, latin1, windows-1252"; }

bool HasClassicMacLineEnds(std::string_view data) {
  size_t end = data.find_first_of("\r\n");
  return end != std::string_view::npos && data[end] == '\r' &&
         (end + 1 == data.size() || data[end + 1] != '\n');
}

std::string ConvertToUtf8(std::string_view data, TextEncoding encoding, bool lone_cr_to_lf) {
  std::string text;
  if (encoding == TextEncoding::kUtf8) {
    text.assign(data);
  } else {
    // Sized exactly first (a large file must not cost three times its size),
    // plus the padding of the last 4-byte store.
    const ByteTable& table = TableFor(encoding);
    size_t length = 0;
    for (unsigned char byte : data) length += table[byte].length;
    text.resize(length + 4);
    char* out = text.data();
    for (unsigned char byte : data) {
      const Utf8Sequence& sequence = table[byte];
      std::memcpy(out, sequence.bytes, 4);
      out += sequence.length;
    }
    text.resize(static_cast<size_t>(out - text.data()));
  }
  if (lone_cr_to_lf) {
    // Only '\r' and '\n' matter here, and both are ASCII, so the converted
    // text can be rewritten in place.
    for (size_t at = text.find('\r'); at != std::string::npos; at = text.find('\r', at + 1))
      if (at + 1 == text.size() || text[at + 1] != '\n') text[at] = '\n';
  }
  return text;
}

}  // namespace acctseg
