// The binder's C++ API where the case files cannot reach: diagnostics
// located in the policy file, with the line and a caret. The semantics of
// the language are tested by data, tests/expr/*.test (expr_cases_test.cc).
#include <gtest/gtest.h>

#include "common/error.h"
#include "expr/binder.h"

namespace acctseg {
namespace {

TEST(ExprLocate, PointsInsideTheExpression) {
  auto file = std::make_shared<SourceFile>(SourceFile{"p.yaml", "x:\n  when: employes >= 4001\n"});
  ExprText text{"employes >= 4001", SourceLocation{file, 2, 9}, true};
  Diagnostics diagnostics;
  ExprBinder binder(&diagnostics);
  Scope scope;
  scope.columns["employees"] = {DataType::Int64(), 0};
  EXPECT_EQ(binder.Bind(text, scope), nullptr);
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].Render(),
            "p.yaml:2:9: unknown column \"employes\" (did you mean \"employees\"?)\n"
            " 2 |   when: employes >= 4001\n"
            "   |         ^");
}

}  // namespace
}  // namespace acctseg
