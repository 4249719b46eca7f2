#include "expr/expr_lexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace acctseg {
namespace {

constexpr std::array<const char*, 19> kKeywords = {
    "AND",  "OR",   "NOT",  "IN",   "IS",  "NULL", "TRUE", "FALSE", "BETWEEN", "LIKE",
    "CASE", "WHEN", "THEN", "ELSE", "END", "ASC",  "DESC", "BY",    "ESCAPE"};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The whole character at text[at] (a UTF-8 sequence of up to 4 bytes), so
// that a message never cuts "≥" to its first byte.
std::string_view CharacterAt(const std::string& text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  length = std::min(length, text.size() - at);
  for (size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[at + k]) & 0xC0) != 0x80) length = 1;
  return std::string_view(text).substr(at, length);
}

// What to write instead of a character SQL dialects, Python, spreadsheets
// or word processors use and this language does not.
const char* InsteadOf(std::string_view character) {
  static const std::pair<std::string_view, const char*> kInstead[] = {
      {"&", "write AND"},
      {"|", "write OR (|| joins text)"},
      {"!", "write NOT, or <> for not equal"},
      {"\xE2\x89\xA5", "write >="},  // ≥
      {"\xE2\x89\xA4", "write <="},  // ≤
      {"\xE2\x89\xA0", "write <>"},  // ≠
      {";", "an expression is one condition or value: join conditions with AND or OR"},
      {"`", "a name is quoted with double quotes: \"my column\""},
      {"\xE2\x80\x98", "text is in straight single quotes: 'like this'"},  // ‘
      {"\xE2\x80\x99", "text is in straight single quotes: 'like this'"},  // ’
      {"\xE2\x80\x9C", "a name is quoted with straight double quotes"},    // “
      {"\xE2\x80\x9D", "a name is quoted with straight double quotes"},    // ”
  };
  for (const auto& [written, instead] : kInstead)
    if (character == written) return instead;
  return nullptr;
}

std::string UnexpectedCharacter(const std::string& text, size_t at) {
  const std::string_view character = CharacterAt(text, at);
  std::string message = "unexpected character '";
  if (character.size() == 1 && static_cast<unsigned char>(character[0]) >= 0x80)
    message += fmt::format("\\x{:02X}", static_cast<unsigned char>(character[0]));
  else
    message += character;
  message += "'";
  if (const char* instead = InsteadOf(character)) message += std::string(" (") + instead + ")";
  return message;
}

}  // namespace

bool IsKeyword(const std::string& upper) {
  return std::any_of(kKeywords.begin(), kKeywords.end(), [&](const char* k) { return upper == k; });
}

std::vector<Token> Tokenize(const std::string& text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto error = [&](size_t at, std::string message) {
    tokens.push_back({Token::Kind::kError, std::move(message), at});
    return tokens;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    size_t start = i;
    if (IsIdentStart(c)) {
      while (i < text.size() && IsIdentChar(text[i])) ++i;
      std::string word = text.substr(start, i - start);
      std::string upper = Upper(word);
      if (IsKeyword(upper))
        tokens.push_back({Token::Kind::kKeyword, upper, start});
      else
        tokens.push_back({Token::Kind::kIdentifier, word, start});
      continue;
    }
    if (c == '"') {  // quoted identifier
      ++i;
      std::string word;
      while (i < text.size() && text[i] != '"') word += text[i++];
      if (i >= text.size()) return error(start, "unterminated quoted name (expected a closing \")");
      ++i;
      tokens.push_back({Token::Kind::kIdentifier, word, start, true});
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < text.size() &&
         std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      bool is_decimal = false;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i < text.size() && text[i] == '.') {
        is_decimal = true;
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      }
      if (i < text.size() && (IsIdentStart(text[i])))
        return error(i, "unexpected character after number");
      std::string number = text.substr(start, i - start);
      if (number[0] == '.') number = "0" + number;
      if (number.back() == '.') number.pop_back(), is_decimal = false;
      tokens.push_back({is_decimal ? Token::Kind::kDecimal : Token::Kind::kInteger, number, start});
      continue;
    }
    if (c == '\'') {
      ++i;
      std::string value;
      for (;;) {
        if (i >= text.size()) return error(start, "unterminated string (expected a closing ')");
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            value += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        value += text[i++];
      }
      tokens.push_back({Token::Kind::kString, value, start});
      continue;
    }
    static const char* kTwoChar[] = {"<=", ">=", "<>", "!=", "||", "=="};
    bool matched = false;
    for (const char* op : kTwoChar) {
      if (text.compare(i, 2, op) == 0) {
        std::string symbol = op;
        if (symbol == "!=") symbol = "<>";
        if (symbol == "==") symbol = "=";
        tokens.push_back({Token::Kind::kSymbol, symbol, start});
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string("+-*/%=<>(),.[]").find(c) != std::string::npos) {
      tokens.push_back({Token::Kind::kSymbol, std::string(1, c), start});
      ++i;
      continue;
    }
    return error(start, UnexpectedCharacter(text, start));
  }
  tokens.push_back({Token::Kind::kEnd, "", text.size()});
  return tokens;
}

}  // namespace acctseg
