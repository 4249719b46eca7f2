// PHONE_DIGITS: the digits of a phone number as written in any common way
// ("+1 (555) 010-9999", "0044 20 7946 0000", "０３-１２３４-５６７８", "030/1234567"):
// the first number of a field that lists several ("555-0101 / 555-0102").
#include "quality/normalizers.h"
#include "quality/text_fold.h"

namespace acctseg {
namespace {

constexpr size_t kMinDigits = 7;  // fewer is not a phone number (or only an extension)

// The value 0-9 of a decimal digit in ASCII, fullwidth, Arabic-Indic,
// Eastern Arabic-Indic or Devanagari; -1 for anything else.
int DigitValue(uint32_t cp) {
  for (uint32_t zero : {0x30u, 0xFF10u, 0x0660u, 0x06F0u, 0x0966u})
    if (cp >= zero && cp <= zero + 9) return static_cast<int>(cp - zero);
  return -1;
}

bool IsLetter(uint32_t cp) { return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'; }

bool IsListSeparator(uint32_t cp) { return cp == '/' || cp == ',' || cp == ';' || cp == '|'; }

// Whether the text from `pos` holds a number of its own: kMinDigits digits
// or more before the next separator or extension. ("030/1234567" and
// "+49 (0) 6221 / 12345" are one number: what follows the / is too short.)
bool NumberFollows(std::string_view text, size_t pos) {
  size_t digits = 0;
  while (pos < text.size()) {
    const uint32_t cp = DecodeUtf8(text, &pos);
    if (DigitValue(cp) >= 0)
      ++digits;
    else if (IsListSeparator(cp) || (digits > 0 && IsLetter(cp)))
      break;
  }
  return digits >= kMinDigits;
}

}  // namespace

std::optional<std::string_view> PhoneDigits(std::string_view text, std::string& buffer) {
  buffer.clear();
  bool plus = false;
  size_t digits = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const uint32_t cp = DecodeUtf8(text, &pos);
    if (int value = DigitValue(cp); value >= 0) {
      if (digits++ == 0 && plus) buffer.push_back('+');
      buffer.push_back(static_cast<char>('0' + value));
    } else if (digits == 0 && (cp == '+' || cp == 0xFF0B)) {
      plus = true;
    } else if (digits > 0 && IsLetter(cp)) {
      break;  // "x12", "ext. 12": an extension, not part of the number
    } else if (digits >= kMinDigits && IsListSeparator(cp) && NumberFollows(text, pos)) {
      break;  // "555-0101 / 555-0102": a second number, not more digits of the first
    }
  }
  if (digits < kMinDigits) return std::nullopt;
  return std::string_view(buffer);
}

}  // namespace acctseg
