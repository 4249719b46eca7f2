// The function registry: its documentation agrees with what it registers,
// docs/policy-language.md shows exactly that documentation, and functions
// declared to propagate NULL do.
#include "expr/functions.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "expr/binder.h"

namespace acctseg {
namespace {

// How many arguments a documented form shows: "F()" 0, "F(a, b)" 2; commas
// inside a list literal do not count; "…" as the last means any number.
struct FormArity {
  size_t count;
  bool variadic;
};
FormArity ArityOf(const std::string& call) {
  size_t open = call.find('('), close = call.rfind(')');
  std::string inside = call.substr(open + 1, close - open - 1);
  if (inside.empty()) return {0, false};
  size_t count = 1, depth = 0;
  for (char c : inside) {
    depth += c == '[';
    depth -= c == ']';
    count += c == ',' && depth == 0;
  }
  return {count, inside.size() >= 3 && inside.substr(inside.size() - 3) == "…"};
}

TEST(FunctionRegistry, DocumentedFormsCoverTheArity) {
  for (const FunctionDef& def : FunctionRegistry::Default().functions()) {
    SCOPED_TRACE(def.name);
    size_t fewest = SIZE_MAX, most = 0;
    for (const FunctionDoc& doc : def.docs) {
      EXPECT_EQ(doc.call.substr(0, doc.call.find('(')), def.name);
      FormArity arity = ArityOf(doc.call);
      // "F(a, b, …)" shows the shape, "≥ 1" in the arguments says the least.
      std::string at_least = "≥ " + std::to_string(def.min_args);
      if (arity.variadic) EXPECT_EQ(doc.arguments.substr(0, at_least.size()), at_least);
      fewest = std::min(fewest, arity.variadic ? def.min_args : arity.count);
      most = arity.variadic ? kVariadic : std::max(most, arity.count);
      EXPECT_FALSE(doc.arguments.empty() || doc.result.empty());
    }
    EXPECT_EQ(fewest, def.min_args);
    EXPECT_EQ(most, def.max_args);
  }
}

TEST(FunctionRegistry, FindsByNameOnly) {
  const FunctionRegistry& registry = FunctionRegistry::Default();
  ASSERT_NE(registry.Find("COALESCE"), nullptr);
  EXPECT_EQ(registry.Find("COALESCE")->name, "COALESCE");
  EXPECT_EQ(registry.Find("coalesce"), nullptr);  // the parser upper-cases names
  EXPECT_EQ(registry.Find("NOPE"), nullptr);
  EXPECT_EQ(registry.names().size(), registry.functions().size());
}

TEST(FunctionRegistry, RefusesATwiceRegisteredName) {
  std::vector<FunctionDef> twice;
  RegisterListFunctions(twice);
  RegisterListFunctions(twice);
  EXPECT_THROW(FunctionRegistry{std::move(twice)}, Error);
}

// §4.6 and §4.8 of docs/policy-language.md hold the tables the registry
// writes, between marker comments. ACCTSEG_UPDATE_DOCS=1 rewrites them.
TEST(FunctionRegistry, PolicyLanguageDocsShowTheRegistry) {
  const std::string path = std::string(ACCTSEG_SOURCE_DIR) + "/docs/policy-language.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream read;
  read << in.rdbuf();
  std::string text = read.str(), original = text;
  const std::pair<const char*, FunctionKind> kTables[] = {
      {"scalar functions", FunctionKind::kScalar},
      {"family aggregates", FunctionKind::kFamilyAggregate},
      {"table aggregates", FunctionKind::kTableAggregate}};
  for (const auto& [what, kind] : kTables) {
    std::string begin = std::string("<!-- ") + what + ": generated from the function registry",
                end = std::string("<!-- end of ") + what + " -->";
    size_t from = text.find(begin), to = text.find(end);
    ASSERT_NE(from, std::string::npos) << begin;
    ASSERT_NE(to, std::string::npos) << end;
    from = text.find('\n', from) + 1;
    std::string expected = FunctionTableMarkdown(FunctionRegistry::Default(), kind);
    if (std::getenv("ACCTSEG_UPDATE_DOCS")) {
      text.replace(from, to - from, expected);
      continue;
    }
    EXPECT_EQ(text.substr(from, to - from), expected)
        << what << " in " << path << " differ from the registry; "
        << "ACCTSEG_UPDATE_DOCS=1 build/acctseg_tests --gtest_filter='FunctionRegistry.*' "
           "rewrites them";
  }
  if (text != original) std::ofstream(path) << text;
}

// A function registered as propagating NULL gives NULL when every argument
// is NULL.
TEST(FunctionRegistry, PropagatingFunctionsGiveNullForNull) {
  for (const FunctionDef& def : FunctionRegistry::Default().functions()) {
    if (def.nulls != NullHandling::kPropagates) continue;
    SCOPED_TRACE(def.name);
    std::string call = def.name + "(";
    for (size_t i = 0; i < def.min_args; ++i) call += i ? ", NULL" : "NULL";
    Diagnostics diagnostics;
    ExprBinder binder(&diagnostics);
    ExprPtr bound = binder.Bind(ExprText{call + ")", {}, true}, Scope{});
    ASSERT_TRUE(bound) << diagnostics.items()[0].message;
    RunData run;
    run.row_count = 1;
    run.node_count = binder.node_count();
    EvalScratch scratch;
    InitScratch(scratch, binder.node_count());
    Vector out;
    bound->Eval(Batch{run, 0, 1, scratch}, out);
    EXPECT_TRUE(out.null[0]);
  }
}

}  // namespace
}  // namespace acctseg
