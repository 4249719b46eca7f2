#include "policy/source.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"

namespace acctseg {

std::string SourceFile::Line(size_t line) const {
  size_t start = 0;
  for (size_t l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string result =
      text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!result.empty() && result.back() == '\r') result.pop_back();
  return result;
}

std::string SourceLocation::ToString() const {
  std::string path = file ? file->path : "<policy>";
  if (line == 0) return path;
  if (column == 0) return fmt::format("{}:{}", path, line);
  return fmt::format("{}:{}:{}", path, line, column);
}

std::string Diagnostic::Render() const {
  std::string out = location.ToString() + ": " + message;
  if (location.file && location.line > 0) {
    std::string text = location.file->Line(location.line);
    size_t column = location.column;
    if (text.size() > kMaxQuotedBytes) {
      // Keep a window of the line around the column (the caret moves with it).
      size_t width = kMaxQuotedBytes;
      size_t start = column > width / 2 ? std::min(column - 1 - width / 2, text.size() - width) : 0;
      std::string window = text.substr(start, width);
      text = (start > 0 ? "..." : "") + window + (start + width < text.size() ? "..." : "");
      if (column > 0) column = column - start + (start > 0 ? 3 : 0);
    }
    if (!text.empty()) {
      std::string number = std::to_string(location.line);
      out += fmt::format("\n {} | {}", number, text);
      if (column > 0) {
        std::string pad;
        for (size_t i = 0; i + 1 < column && i < text.size(); ++i)
          pad += text[i] == '\t' ? '\t' : ' ';
        out += fmt::format("\n {} | {}^", std::string(number.size(), ' '), pad);
      }
    }
  }
  return out;
}

void Diagnostics::Add(SourceLocation location, std::string message) {
  if (items_.size() >= kMaxDiagnostics) {
    ++dropped_;
    return;
  }
  items_.push_back({std::move(location), std::move(message)});
}

void Diagnostics::ThrowIfAny() const {
  if (items_.empty()) return;
  std::string text;
  for (const auto& d : items_) {
    if (!text.empty()) text += "\n";
    text += d.Render();
  }
  if (dropped_ > 0)
    text += fmt::format("\n... and {} more errors (only the first {} are shown)", dropped_,
                        kMaxDiagnostics);
  throw Error(ErrorKind::kPolicy, text);
}

}  // namespace acctseg
