// Splits expression text into tokens. Keywords are case-insensitive and come
// out upper-cased in `text`; identifiers keep their case; string literals
// ('...' with '' for a quote) come out unescaped.
#pragma once

#include <string>
#include <vector>

namespace acctseg {

struct Token {
  enum class Kind { kIdentifier, kKeyword, kInteger, kDecimal, kString, kSymbol, kEnd, kError };
  Kind kind;
  std::string text;
  size_t offset;
  bool quoted = false;  // an identifier written in double quotes ("AS_OF" is a column)
};

// Tokenizes the whole text; the last token is kEnd, or kError with a message
// in `text` at the offending offset.
std::vector<Token> Tokenize(const std::string& text);

bool IsKeyword(const std::string& upper);

}  // namespace acctseg
