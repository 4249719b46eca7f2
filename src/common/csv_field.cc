#include "common/csv_field.h"

#include <algorithm>

namespace acctseg {

bool CsvNeedsQuotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
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

bool CsvFieldIsPlain(std::string_view text, bool escape_formulas) {
  return !CsvNeedsQuotes(text) && !(escape_formulas && LooksLikeFormula(text));
}

size_t CsvFieldSize(std::string_view text, bool escape_formulas) {
  size_t size = text.size() + (escape_formulas && LooksLikeFormula(text) ? 1 : 0);
  if (CsvNeedsQuotes(text))
    size += 2 + static_cast<size_t>(std::count(text.begin(), text.end(), '"'));
  return size;
}

void AppendCsvField(std::string_view text, bool escape_formulas, std::string& out) {
  bool guard = escape_formulas && LooksLikeFormula(text);
  if (!CsvNeedsQuotes(text)) {
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
