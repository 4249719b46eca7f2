// The expression nesting limit (docs/testing.md): trees deeper than 1000
// levels are a diagnostic at parse time, never a stack overflow in the
// parser, the binder, evaluation or the tree's destructor.
#include <gtest/gtest.h>

#include "expr/binder.h"

namespace acctseg {
namespace {

class ExprLimitsTest : public ::testing::Test {
 protected:
  ExprLimitsTest() { scope_.columns["n"] = {DataType::Int64(), 0}; }

  // The first diagnostic, or "" after binding and evaluating on one row.
  std::string BindAndEval(const std::string& text) {
    Diagnostics diagnostics;
    ExprBinder binder(&diagnostics);
    ExprPtr e = binder.Bind(ExprText{text, {}, true}, scope_);
    if (!e) return diagnostics.empty() ? "no diagnostic" : diagnostics.items()[0].message;
    auto n = std::make_shared<Column>(Column::Make(DataType::Int64(), 1, false));
    n->ints = {1};
    RunData run;
    run.row_count = 1;
    run.slots = {n};
    run.node_count = binder.node_count();
    run.prepared.assign(run.node_count, nullptr);
    EvalScratch scratch;
    InitScratch(scratch, binder.node_count());
    Batch batch{run, 0, 1, scratch};
    Vector out;
    e->Eval(batch, out);
    return "";
  }

  static std::string Repeat(const std::string& text, size_t times) {
    std::string out;
    for (size_t i = 0; i < times; ++i) out += text;
    return out;
  }

  Scope scope_;
};

constexpr const char* kTooDeep =
    "the expression is nested too deeply (at most 1000 levels of operators and parentheses)";

TEST_F(ExprLimitsTest, NestingUpToTheLimitWorks) {
  EXPECT_EQ(BindAndEval(Repeat("(", 990) + "n" + Repeat(")", 990)), "");
  EXPECT_EQ(BindAndEval(Repeat("n + ", 990) + "n"), "");
  EXPECT_EQ(BindAndEval(Repeat("NOT ", 990) + "n > 0"), "");
  EXPECT_EQ(BindAndEval(Repeat("- ", 990) + "n"), "");
}

TEST_F(ExprLimitsTest, DeeperNestingIsADiagnostic) {
  EXPECT_EQ(BindAndEval(Repeat("(", 100000) + "n" + Repeat(")", 100000)), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("n + ", 20000) + "n"), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("n * ", 20000) + "n"), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("n > 0 AND ", 20000) + "TRUE"), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("NOT ", 100000) + "TRUE"), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("- ", 100000) + "n"), kTooDeep);
  EXPECT_EQ(BindAndEval(Repeat("ABS(", 5000) + "n" + Repeat(")", 5000)), kTooDeep);
}

}  // namespace
}  // namespace acctseg
