// Diagnostics stay bounded for hostile policies: at most kMaxDiagnostics are
// kept, and a long line is quoted as a window around the column.
#include "policy/source.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace acctseg {
namespace {

TEST(Diagnostics, KeepsTheFirstHundredAndCountsTheRest) {
  auto file = std::make_shared<SourceFile>(SourceFile{"p.yaml", "a: 1\n"});
  Diagnostics diagnostics;
  for (int i = 0; i < 150; ++i) diagnostics.Add(SourceLocation{file, 1, 1}, "bad");
  EXPECT_EQ(diagnostics.items().size(), Diagnostics::kMaxDiagnostics);
  try {
    diagnostics.ThrowIfAny();
    FAIL() << "no error";
  } catch (const Error& e) {
    std::string text = e.what();
    EXPECT_EQ(text.substr(text.rfind('\n') + 1),
              "... and 50 more errors (only the first 100 are shown)");
  }
}

TEST(Diagnostics, QuotesAWindowOfALongLine) {
  std::string line = std::string(500, 'a') + "X" + std::string(500, 'b');
  auto file = std::make_shared<SourceFile>(SourceFile{"p.yaml", line + "\n"});
  std::string rendered = Diagnostic{SourceLocation{file, 1, 501}, "here"}.Render();
  std::string window = "..." + std::string(100, 'a') + "X" + std::string(99, 'b') + "...";
  EXPECT_EQ(rendered,
            "p.yaml:1:501: here\n 1 | " + window + "\n   | " + std::string(103, ' ') + "^");
  // Near the start of the line the window starts there too.
  rendered = Diagnostic{SourceLocation{file, 1, 3}, "here"}.Render();
  EXPECT_EQ(rendered, "p.yaml:1:3: here\n 1 | " + std::string(200, 'a') + "...\n   |   ^");
}

}  // namespace
}  // namespace acctseg
