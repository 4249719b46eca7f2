#include "common/csv_field.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace acctseg {

namespace {

// Whether any byte of `word` is `c`: the classic has-zero-byte test on
// word ^ c..c (exact as a yes/no; only which byte would need more care).
bool HasByte(uint64_t word, char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const uint64_t x = word ^ (kOnes * static_cast<uint8_t>(c));
  return ((x - kOnes) & ~x & kHighs) != 0;
}

bool IsQuoteSpecial(char c, char delimiter) {
  return c == delimiter || c == '"' || c == '\r' || c == '\n';
}

}  // namespace

// Eight bytes at a time: every text of every dictionary an output writes
// goes through here (ten million reasons texts of ~85 bytes at 10M), and
// find_first_of called memchr on the four specials for each byte.
bool CsvNeedsQuotes(std::string_view text, char delimiter) {
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (HasByte(word, delimiter) || HasByte(word, '"') || HasByte(word, '\r') ||
        HasByte(word, '\n'))
      return true;
  }
  for (; i < n; ++i)
    if (IsQuoteSpecial(p[i], delimiter)) return true;
  return false;
}

bool LooksLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

bool CsvFieldIsPlain(std::string_view text, bool escape_formulas, char delimiter) {
  return !CsvNeedsQuotes(text, delimiter) && !(escape_formulas && LooksLikeFormula(text));
}

size_t CsvFieldSize(std::string_view text, bool escape_formulas, char delimiter) {
  size_t size = text.size() + (escape_formulas && LooksLikeFormula(text) ? 1 : 0);
  if (CsvNeedsQuotes(text, delimiter))
    size += 2 + static_cast<size_t>(std::count(text.begin(), text.end(), '"'));
  return size;
}

void AppendCsvField(std::string_view text, bool escape_formulas, std::string& out, char delimiter) {
  bool guard = escape_formulas && LooksLikeFormula(text);
  if (!CsvNeedsQuotes(text, delimiter)) {
    if (guard) out.push_back(kFormulaGuard);
    out.append(text);
    return;
  }
  out.push_back('"');
  if (guard) out.push_back(kFormulaGuard);
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace acctseg
