// Parses one line of a JSON Lines file: a single JSON object (RFC 8259) whose
// members the JSONL reader maps to columns. Hand-written rather than built on
// a JSON library because the reader needs what general parsers do not give:
// the byte offset of every value (for file:line:column messages), the exact
// text of every number (decimals must never pass through binary floating
// point) and duplicate-key detection. Scalars are kept as text; nested
// objects and arrays are validated and skipped (kNested).
// Not thread-safe; one parser per thread, reused across lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace acctseg {

enum class JsonKind { kNull, kBool, kNumber, kString, kNested };

struct JsonMember {
  std::string_view key;  // unescaped
  JsonKind kind = JsonKind::kNull;
  std::string_view text;  // strings unescaped; numbers and true/false as written; null: ""
  size_t offset = 0;      // byte offset of the value within the line
  size_t key_offset = 0;  // byte offset of the key's opening quote
};

// Deepest nesting accepted inside a member (bounds the recursion).
inline constexpr int kMaxJsonDepth = 256;

class JsonLineParser {
 public:
  // Parses [line, line + size) (no newline). True on success, then members()
  // holds the object's members in order; views stay valid until the next
  // Parse. False on malformed JSON, a line that is not one object, or a key
  // that appears twice: error_offset() and error() say where and why.
  bool Parse(const char* line, size_t size);

  const std::vector<JsonMember>& members() const { return members_; }
  size_t error_offset() const { return error_offset_; }
  const std::string& error() const { return error_; }

 private:
  bool Fail(const char* at, std::string message);
  void SkipSpace();
  // Each advances cursor_ past one value; false after Fail.
  bool ParseString(std::string& out);
  bool ParseNumber();
  bool ParseLiteral(std::string_view word);
  bool SkipValue(int depth);

  const char* begin_ = nullptr;
  const char* cursor_ = nullptr;
  const char* end_ = nullptr;
  std::vector<JsonMember> members_;
  std::vector<std::string> keys_;              // unescaped keys, one per member
  std::vector<std::string> texts_;             // unescaped string values, one per member
  std::string scratch_;                        // skipped strings
  std::unordered_set<std::string_view> seen_;  // duplicate-key check  // duplicate-key check
  size_t error_offset_ = 0;
  std::string error_;
};

}  // namespace acctseg
