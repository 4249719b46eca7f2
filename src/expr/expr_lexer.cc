#include "expr/expr_lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

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
    return error(start, std::string("unexpected character '") + c + "'");
  }
  tokens.push_back({Token::Kind::kEnd, "", text.size()});
  return tokens;
}

}  // namespace acctseg
