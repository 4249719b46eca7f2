// Where a piece of policy text came from, and the diagnostics that point
// back to it. A diagnostic renders like a compiler's:
//
//   policy.yaml:14:9: unknown column "employes" (did you mean "employees"?)
//      14 |     when: employes >= 4001
//         |           ^
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace acctseg {

// The text of one policy file, kept for quoting lines in diagnostics.
struct SourceFile {
  std::string path;
  std::string text;
  std::string Line(size_t line) const;  // 1-based; "" if out of range
};

struct SourceLocation {
  std::shared_ptr<const SourceFile> file;
  size_t line = 0;               // 1-based; 0 = unknown
  size_t column = 0;             // 1-based byte column; 0 = unknown
  std::string ToString() const;  // "file:line:column"
};

struct Diagnostic {
  SourceLocation location;
  std::string message;
  // The message, then the line with a caret; a line longer than
  // kMaxQuotedBytes is quoted only around the column, marked with "...".
  std::string Render() const;
  static constexpr size_t kMaxQuotedBytes = 200;
};

// Collects diagnostics; a stage reports as many as it can before failing,
// up to kMaxDiagnostics: past that, Add only counts, so a hostile policy
// with millions of mistakes costs bounded memory and output.
class Diagnostics {
 public:
  static constexpr size_t kMaxDiagnostics = 100;

  void Add(SourceLocation location, std::string message);
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Throws Error(kPolicy) with every kept diagnostic rendered (and a count of
  // the ones dropped) if there are any.
  void ThrowIfAny() const;

 private:
  std::vector<Diagnostic> items_;
  size_t dropped_ = 0;
};

}  // namespace acctseg
