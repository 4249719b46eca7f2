#include "io/json_line_parser.h"

#include <fmt/format.h>

namespace acctseg {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

bool JsonLineParser::Fail(const char* at, std::string message) {
  error_offset_ = static_cast<size_t>(at - begin_);
  error_ = std::move(message);
  return false;
}

void JsonLineParser::SkipSpace() {
  while (cursor_ < end_ && IsSpace(*cursor_)) ++cursor_;
}

bool JsonLineParser::Parse(const char* line, size_t size) {
  begin_ = cursor_ = line;
  end_ = line + size;
  members_.clear();
  size_t count = 0;
  SkipSpace();
  if (cursor_ == end_ || *cursor_ != '{')
    return Fail(cursor_, "expected a JSON object ('{') on this line");
  ++cursor_;
  SkipSpace();
  if (cursor_ < end_ && *cursor_ == '}') {
    ++cursor_;
  } else {
    for (;;) {
      SkipSpace();
      if (cursor_ == end_ || *cursor_ != '"') return Fail(cursor_, "expected a key string");
      if (keys_.size() <= count) keys_.resize(count + 1), texts_.resize(count + 1);
      JsonMember member;
      member.key_offset = static_cast<size_t>(cursor_ - begin_);
      if (!ParseString(keys_[count])) return false;
      SkipSpace();
      if (cursor_ == end_ || *cursor_ != ':') return Fail(cursor_, "expected ':' after the key");
      ++cursor_;
      SkipSpace();
      member.offset = static_cast<size_t>(cursor_ - begin_);
      const char* value = cursor_;
      if (cursor_ == end_) return Fail(cursor_, "expected a value");
      switch (*cursor_) {
        case '"':
          member.kind = JsonKind::kString;
          if (!ParseString(texts_[count])) return false;
          break;
        case '{':
        case '[':
          member.kind = JsonKind::kNested;
          if (!SkipValue(1)) return false;
          break;
        case 't':
        case 'f':
          member.kind = JsonKind::kBool;
          if (!ParseLiteral(*cursor_ == 't' ? "true" : "false")) return false;
          break;
        case 'n':
          member.kind = JsonKind::kNull;
          if (!ParseLiteral("null")) return false;
          break;
        default:
          member.kind = JsonKind::kNumber;
          if (!ParseNumber()) return false;
      }
      if (member.kind == JsonKind::kNumber || member.kind == JsonKind::kBool ||
          member.kind == JsonKind::kNested)
        member.text = std::string_view(value, static_cast<size_t>(cursor_ - value));
      members_.push_back(member);
      ++count;
      SkipSpace();
      if (cursor_ < end_ && *cursor_ == ',') {
        ++cursor_;
        continue;
      }
      if (cursor_ < end_ && *cursor_ == '}') {
        ++cursor_;
        break;
      }
      return Fail(cursor_, "expected ',' or '}' after a value");
    }
  }
  SkipSpace();
  if (cursor_ != end_) return Fail(cursor_, "text after the JSON object (one object per line)");
  // Views into keys_/texts_ only now: resizing them above moves their text.
  seen_.clear();
  for (size_t i = 0; i < members_.size(); ++i) {
    members_[i].key = keys_[i];
    if (members_[i].kind == JsonKind::kString) members_[i].text = texts_[i];
    if (!seen_.insert(members_[i].key).second)
      return Fail(begin_ + members_[i].key_offset,
                  fmt::format("key \"{}\" appears twice in this object", members_[i].key));
  }
  return true;
}

bool JsonLineParser::ParseString(std::string& out) {
  out.clear();
  ++cursor_;  // the opening quote
  for (;;) {
    const char* run = cursor_;
    while (cursor_ < end_ && *cursor_ != '"' && *cursor_ != '\\' &&
           static_cast<unsigned char>(*cursor_) >= 0x20)
      ++cursor_;
    out.append(run, static_cast<size_t>(cursor_ - run));
    if (cursor_ == end_) return Fail(cursor_, "unterminated string");
    char c = *cursor_;
    if (c == '"') {
      ++cursor_;
      return true;
    }
    if (c != '\\') return Fail(cursor_, "control character in a string (escape it)");
    const char* escape = cursor_++;
    if (cursor_ == end_) return Fail(escape, "unterminated string");
    switch (*cursor_++) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto read_hex = [&](uint32_t* code) {
          if (end_ - cursor_ < 4) return false;
          *code = 0;
          for (int i = 0; i < 4; ++i) {
            int digit = HexValue(cursor_[i]);
            if (digit < 0) return false;
            *code = *code * 16 + static_cast<uint32_t>(digit);
          }
          cursor_ += 4;
          return true;
        };
        uint32_t code;
        if (!read_hex(&code)) return Fail(escape, "invalid \\u escape (expected 4 hex digits)");
        if (code >= 0xDC00 && code <= 0xDFFF)
          return Fail(escape, "invalid \\u escape (a lone low surrogate)");
        if (code >= 0xD800 && code <= 0xDBFF) {
          uint32_t low;
          if (end_ - cursor_ < 2 || cursor_[0] != '\\' || cursor_[1] != 'u' ||
              (cursor_ += 2, !read_hex(&low)) || low < 0xDC00 || low > 0xDFFF)
            return Fail(escape, "invalid \\u escape (a high surrogate without its low half)");
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(code, out);
        break;
      }
      default:
        return Fail(escape, "invalid escape in a string");
    }
  }
}

bool JsonLineParser::ParseNumber() {
  const char* start = cursor_;
  if (cursor_ < end_ && *cursor_ == '-') ++cursor_;
  if (cursor_ == end_ || !IsDigit(*cursor_)) return Fail(start, "expected a JSON value");
  if (*cursor_ == '0') {
    ++cursor_;
  } else {
    while (cursor_ < end_ && IsDigit(*cursor_)) ++cursor_;
  }
  if (cursor_ < end_ && *cursor_ == '.') {
    ++cursor_;
    if (cursor_ == end_ || !IsDigit(*cursor_)) return Fail(start, "invalid number");
    while (cursor_ < end_ && IsDigit(*cursor_)) ++cursor_;
  }
  if (cursor_ < end_ && (*cursor_ == 'e' || *cursor_ == 'E')) {
    ++cursor_;
    if (cursor_ < end_ && (*cursor_ == '+' || *cursor_ == '-')) ++cursor_;
    if (cursor_ == end_ || !IsDigit(*cursor_)) return Fail(start, "invalid number");
    while (cursor_ < end_ && IsDigit(*cursor_)) ++cursor_;
  }
  return true;
}

bool JsonLineParser::ParseLiteral(std::string_view word) {
  if (static_cast<size_t>(end_ - cursor_) < word.size() ||
      std::string_view(cursor_, word.size()) != word)
    return Fail(cursor_, "expected a JSON value");
  cursor_ += word.size();
  return true;
}

bool JsonLineParser::SkipValue(int depth) {
  SkipSpace();
  if (cursor_ == end_) return Fail(cursor_, "expected a value");
  switch (*cursor_) {
    case '"':
      return ParseString(scratch_);
    case 't':
      return ParseLiteral("true");
    case 'f':
      return ParseLiteral("false");
    case 'n':
      return ParseLiteral("null");
    case '{':
    case '[':
      break;
    default:
      return ParseNumber();
  }
  if (depth > kMaxJsonDepth)
    return Fail(cursor_, fmt::format("nested deeper than {} levels", kMaxJsonDepth));
  const char close = *cursor_ == '{' ? '}' : ']';
  ++cursor_;
  SkipSpace();
  if (cursor_ < end_ && *cursor_ == close) {
    ++cursor_;
    return true;
  }
  for (;;) {
    if (close == '}') {
      SkipSpace();
      if (cursor_ == end_ || *cursor_ != '"') return Fail(cursor_, "expected a key string");
      if (!ParseString(scratch_)) return false;
      SkipSpace();
      if (cursor_ == end_ || *cursor_ != ':') return Fail(cursor_, "expected ':' after the key");
      ++cursor_;
    }
    if (!SkipValue(depth + 1)) return false;
    SkipSpace();
    if (cursor_ < end_ && *cursor_ == ',') {
      ++cursor_;
      continue;
    }
    if (cursor_ < end_ && *cursor_ == close) {
      ++cursor_;
      return true;
    }
    return Fail(cursor_, fmt::format("expected ',' or '{}'", close));
  }
}

}  // namespace acctseg
