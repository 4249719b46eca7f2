#include "policy/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "common/did_you_mean.h"

namespace acctseg {

YamlReader::YamlReader(std::shared_ptr<const SourceFile> source) : source_(std::move(source)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < source_->text.size(); ++i)
    if (source_->text[i] == '\n') line_starts_.push_back(i + 1);
}

SourceLocation YamlReader::At(const YAML::Mark& mark) const {
  if (mark.line < 0) return SourceLocation{source_, 0, 0};
  return SourceLocation{source_, static_cast<size_t>(mark.line) + 1,
                        static_cast<size_t>(mark.column) + 1};
}

std::string_view YamlReader::LineText(size_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::string_view text(source_->text);
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

SourceLocation YamlReader::KeyAt(const YAML::Node& map, const char* key) const {
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == key) return At(it->first.Mark());
  return At(map.Mark());
}

YAML::Node YamlReader::Require(const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n) diagnostics_.Add(At(map.Mark()), std::string("missing key \"") + key + "\"");
  return n;
}

Named YamlReader::RequireName(const YAML::Node& map, const char* key) {
  YAML::Node n = Require(map, key);
  if (!n) return {};
  if (n.IsNull()) {
    diagnostics_.Add(KeyAt(map, key), std::string("expected text for ") + key + ", found nothing");
    return {};
  }
  return Name(n, key);
}

void YamlReader::CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!IsScalarKey(it->first)) continue;
    std::string key = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key \"" + key + "\"";
    std::string hint = DidYouMean(key, allowed);
    if (hint.empty()) {
      hint = " (expected one of:";
      for (const auto& a : allowed) hint += " " + a;
      hint += ")";
    }
    message += hint;
    diagnostics_.Add(At(it->first.Mark()), message);
  }
}

void YamlReader::CheckRepeatedKeys(const YAML::Node& node) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) CheckRepeatedKeys(item);
    return;
  }
  if (!node.IsMap()) return;
  std::unordered_map<std::string, YAML::Mark> first;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar()) {
      auto [was, inserted] = first.emplace(it->first.Scalar(), it->first.Mark());
      if (!inserted)
        diagnostics_.Add(At(it->first.Mark()),
                         fmt::format("repeated key \"{}\" (first at line {}): a mapping holds "
                                     "each key once; merge the two",
                                     it->first.Scalar(), was->second.line + 1));
    }
    CheckRepeatedKeys(it->second);
  }
}

namespace {

// Whether the quoted scalar whose opening quote is text[open] is closed
// before the end of `text` ('' in single quotes and a backslash escape in
// double quotes do not close it).
bool QuoteClosed(std::string_view text, size_t open) {
  const char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

void YamlReader::CheckQuotesClosed(const YAML::Node& node) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) CheckQuotesClosed(item);
  } else if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      CheckQuotesClosed(it->first);
      CheckQuotesClosed(it->second);
    }
  } else if (node.IsScalar()) {
    // From the line and column, as At() places carets: the mark's pos
    // does not count a byte-order mark, which the text still holds.
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || static_cast<size_t>(mark.line) >= line_starts_.size()) return;
    const std::string_view text = source_->text;
    const bool bom = mark.line == 0 && text.substr(0, 3) == "\xEF\xBB\xBF";
    const size_t at = line_starts_[mark.line] + static_cast<size_t>(mark.column) + (bom ? 3 : 0);
    if (at < text.size() && (text[at] == '\'' || text[at] == '"') && !QuoteClosed(text, at))
      diagnostics_.Add(At(node.Mark()),
                       fmt::format("the quoted text opened here has no closing {}: it runs to "
                                   "the end of the file",
                                   text[at]));
  }
}

bool YamlReader::IsScalarKey(const YAML::Node& key) {
  if (key.IsScalar()) return true;
  diagnostics_.Add(At(key.Mark()), "a key must be plain text, not a list or mapping");
  return false;
}

std::string YamlReader::Scalar(const YAML::Node& n, const char* what) {
  if (!n.IsScalar()) {
    diagnostics_.Add(At(n.Mark()), std::string("expected text for ") + what);
    return "";
  }
  return n.Scalar();
}

Named YamlReader::Name(const YAML::Node& n, const char* what) {
  return Named{Scalar(n, what), At(n.Mark())};
}

namespace {

// For a quoted scalar written on one line from its opening quote (`from`
// starts at the quote): the column offset, after the quote, of each byte
// of its value `text` and of its end. Empty when the line does not hold
// the whole scalar as `text` says, or when there is no escape (one column
// a byte).
std::vector<uint32_t> QuotedWrittenAt(std::string_view from, const std::string& text) {
  const char quote = from[0];
  std::vector<uint32_t> at;
  bool escaped = false;
  size_t i = 1;
  const auto utf8_length = [](uint32_t code) -> size_t {
    return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  };
  while (i < from.size()) {
    const uint32_t column = static_cast<uint32_t>(i - 1);
    if (from[i] == quote) {
      if (quote == '\'' && i + 1 < from.size() && from[i + 1] == '\'') {
        at.push_back(column);  // '' is one quote
        i += 2;
        escaped = true;
        continue;
      }
      at.push_back(column);  // the end
      if (!escaped || at.size() != text.size() + 1) return {};
      return at;
    }
    if (quote == '"' && from[i] == '\\' && i + 1 < from.size()) {
      const char kind = from[i + 1];
      size_t written = 2, bytes = 1;
      if (kind == 'x' || kind == 'u' || kind == 'U') {
        const size_t digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
        if (i + 2 + digits > from.size()) return {};
        const char* hex = from.data() + i + 2;
        uint32_t code = 0;
        if (std::from_chars(hex, hex + digits, code, 16).ptr != hex + digits) return {};
        written += digits;
        bytes = kind == 'x' ? 1 : utf8_length(code);
      } else if (kind == 'N' || kind == '_') {
        bytes = 2;  // U+0085, U+00A0
      } else if (kind == 'L' || kind == 'P') {
        bytes = 3;  // U+2028, U+2029
      }
      for (size_t b = 0; b < bytes; ++b) at.push_back(column);
      i += written;
      escaped = true;
      continue;
    }
    at.push_back(column);
    ++i;
  }
  return {};  // not closed on this line
}

}  // namespace

// Why YAML gave no value where an expression was expected: a bare NULL
// (YAML's own null), or an expression cut at a comma inside {...}.
std::string YamlReader::NoValueHint(const SourceLocation& at) const {
  const std::string_view line = LineText(at.line);
  const size_t column = at.column > 0 ? at.column - 1 : 0;
  const std::string_view rest = column < line.size() ? line.substr(column) : std::string_view();
  for (std::string_view null : {"NULL", "null", "Null", "~"})
    if (rest.starts_with(null))
      return " (YAML reads a bare " + std::string(null) +
             " as no value: write the expression in quotes, \"NULL\")";
  const std::string_view before = line.substr(0, std::min(column, line.size()));
  const size_t open = before.rfind('{');
  if (open != std::string_view::npos && before.find('}', open) == std::string_view::npos)
    return " (inside {...} a comma ends a value, so an expression with a comma in it was cut "
           "there: write such an expression in double quotes, e.g. {x: \"ROUND(arr / 1000, "
           "1)\"})";
  return "";
}

ExprText YamlReader::Expr(const YAML::Node& n, const char* what) {
  ExprText e;
  e.location = At(n.Mark());
  if (!n.IsScalar()) {
    diagnostics_.Add(e.location, std::string("expected an expression for ") + what +
                                     (n.IsNull() ? NoValueHint(e.location) : ""));
    return e;
  }
  e.text = n.Scalar();
  std::string_view line = LineText(e.location.line);
  char first = e.location.column - 1 < line.size() ? line[e.location.column - 1] : '\0';
  if (first == '\'' || first == '"') {
    e.written_at = QuotedWrittenAt(line.substr(e.location.column - 1), e.text);
    e.location.column += 1;
    e.single_line = e.text.find('\n') == std::string::npos || !e.written_at.empty();
  } else if (first == '|' || first == '>') {
    e.location.line += 1;
    std::string_view next = LineText(e.location.line);
    size_t indent = next.find_first_not_of(" \t");
    e.location.column = (indent == std::string::npos ? 0 : indent) + 1;
    e.single_line = first == '|';  // literal block keeps line breaks: offsets map exactly
  } else {
    e.single_line = e.text.find('\n') == std::string::npos;
  }
  return e;
}

bool YamlReader::Bool(const YAML::Node& n, const char* what) {
  std::string s = Scalar(n, what);
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  diagnostics_.Add(At(n.Mark()), std::string("expected true or false for ") + what);
  return false;
}

std::optional<double> YamlReader::NonNegativeNumber(const YAML::Node& n, const char* what) {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    double value = 0;
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (!s.empty() && error == std::errc() && end == s.data() + s.size() && std::isfinite(value) &&
        value >= 0)
      return value;
  }
  diagnostics_.Add(At(n.Mark()), std::string("expected a number >= 0 for ") + what);
  return std::nullopt;
}

void YamlReader::ParseOrderedRules(const YAML::Node& rules, const std::string& section,
                                   const std::vector<std::string>& fields,
                                   const RuleParser& parse) {
  std::string listed;
  for (const auto& f : fields) listed += ", " + f;
  if (!rules.IsSequence() || rules.size() == 0) {
    diagnostics_.Add(At(rules.Mark()), section + " rules must be a list of {when" + listed +
                                           "}, the last one may be {else: {...}}");
    return;
  }
  std::vector<std::string> with_when = {"when"};
  with_when.insert(with_when.end(), fields.begin(), fields.end());
  bool after_else = false;
  for (const auto& r : rules) {
    const SourceLocation at = At(r.Mark());
    if (after_else) diagnostics_.Add(at, "a rule after the else rule never matches");
    if (!r.IsMap()) {
      diagnostics_.Add(at, "a " + section + " rule is a mapping with keys when" + listed +
                               " (or one key, else)");
      continue;
    }
    if (auto e = r["else"]) {
      after_else = true;
      CheckKeys(r, {"else"});
      if (!e.IsMap()) {
        diagnostics_.Add(At(e.Mark()), "else takes a mapping {" + listed.substr(2) + "}");
        continue;
      }
      CheckKeys(e, fields);
      parse(e, true, at);
    } else {
      CheckKeys(r, with_when);
      parse(r, false, at);
    }
  }
}

std::string OneOf(const std::vector<std::string>& labels) {
  std::string text;
  for (size_t i = 0; i < labels.size(); ++i)
    text += (i == 0 ? "" : i + 1 == labels.size() ? " or " : ", ") + labels[i];
  return text;
}

}  // namespace acctseg
