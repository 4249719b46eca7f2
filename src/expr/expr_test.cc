// Semantics of the expression language: each case binds an expression
// against a small table and checks the value of every row.
#include <gtest/gtest.h>

#include "common/error.h"
#include "expr/binder.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// A little table: name (string), n (integer, row 2 NULL), d (decimal(2)),
// tag (string, row 1 NULL).
class ExprTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto names = std::make_shared<Dictionary>();
    auto name = std::make_shared<Column>(Column::Make(DataType::String(), 3, false));
    const char* values[] = {"Acme", " Blue ", "core; SEC ;x"};
    for (int i = 0; i < 3; ++i) name->codes[i] = names->Intern(values[i]);
    name->dictionary = names;
    auto n = std::make_shared<Column>(Column::Make(DataType::Int64(), 3, true));
    n->ints = {5, -7, 0};
    n->nulls = {0, 0, 1};
    auto d = std::make_shared<Column>(Column::Make(DataType::Decimal(2), 3, false));
    d->ints = {250, -250, 1};  // 2.50, -2.50, 0.01
    auto tags = std::make_shared<Dictionary>();
    auto tag = std::make_shared<Column>(Column::Make(DataType::String(), 3, true));
    tag->codes = {tags->Intern("x"), tags->Intern(""), tags->Intern("y")};
    tag->nulls = {0, 1, 0};
    tag->dictionary = tags;
    run_.row_count = 3;
    run_.slots = {name, n, d, tag};
    scope_.columns["name"] = {DataType::String(), 0};
    scope_.columns["n"] = {DataType::Int64(), 1};
    scope_.columns["d"] = {DataType::Decimal(2), 2};
    scope_.columns["tag"] = {DataType::String(), 3};
  }

  // Every row's value as text ("NULL" for NULL).
  std::vector<std::string> Eval(const std::string& text) {
    Diagnostics diagnostics;
    ExprBinder binder(&diagnostics);
    ExprPtr e = binder.Bind(ExprText{text, {}, true}, scope_);
    if (!e) {
      ADD_FAILURE() << "bind failed: "
                    << (diagnostics.empty() ? "" : diagnostics.items()[0].message);
      return {};
    }
    run_.node_count = binder.node_count();
    run_.prepared.assign(run_.node_count, nullptr);
    EvalScratch scratch;
    InitScratch(scratch, binder.node_count());
    Batch batch{run_, 0, 3, scratch};
    Vector out;
    e->Eval(batch, out);
    std::vector<std::string> result;
    for (size_t i = 0; i < 3; ++i) {
      if (out.null[i])
        result.push_back("NULL");
      else if (e->type().id == TypeId::kString)
        result.emplace_back(out.str[i]);
      else if (e->type().id == TypeId::kBool)
        result.push_back(out.num[i] ? "true" : "false");
      else if (e->type().id == TypeId::kList) {
        std::string joined = "[";
        for (auto s : out.list[i]) joined += std::string(s) + "|";
        result.push_back(joined + "]");
      } else
        result.push_back(FormatDecimal(out.num[i], e->type().Scale()));
    }
    return result;
  }

  // The first diagnostic's message, or "" if it binds.
  std::string BindError(const std::string& text) {
    Diagnostics diagnostics;
    ExprBinder binder(&diagnostics);
    ExprPtr e = binder.Bind(ExprText{text, {}, true}, scope_);
    return diagnostics.empty() ? "" : diagnostics.items()[0].message;
  }

  using V = std::vector<std::string>;
  RunData run_;
  Scope scope_;
};

TEST_F(ExprTest, ArithmeticIsExact) {
  EXPECT_EQ(Eval("n + 1"), (V{"6", "-6", "NULL"}));
  EXPECT_EQ(Eval("d * 3"), (V{"7.50", "-7.50", "0.03"}));
  EXPECT_EQ(Eval("0.06 * 7"), (V{"0.42", "0.42", "0.42"}));
  EXPECT_EQ(Eval("n * d"), (V{"12.50", "17.50", "NULL"}));
  EXPECT_EQ(Eval("n - d"), (V{"2.50", "-4.50", "NULL"}));
  EXPECT_EQ(Eval("7 / 2"), (V{"3.500000", "3.500000", "3.500000"}));
  EXPECT_EQ(Eval("n / 0"), (V{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval("n % 3"), (V{"2", "-1", "NULL"}));
  EXPECT_EQ(Eval("-n"), (V{"-5", "7", "NULL"}));
}

TEST_F(ExprTest, RoundIsHalfAwayFromZero) {
  EXPECT_EQ(Eval("ROUND(d)"), (V{"3", "-3", "0"}));
  EXPECT_EQ(Eval("ROUND(d, 1)"), (V{"2.5", "-2.5", "0.0"}));
  EXPECT_EQ(Eval("ROUND(0.05, 1)"), (V{"0.1", "0.1", "0.1"}));
  EXPECT_EQ(Eval("CEIL(d)"), (V{"3", "-2", "1"}));
  EXPECT_EQ(Eval("FLOOR(d)"), (V{"2", "-3", "0"}));
  EXPECT_EQ(Eval("ABS(d)"), (V{"2.50", "2.50", "0.01"}));
}

TEST_F(ExprTest, ComparisonsAndNullLogic) {
  EXPECT_EQ(Eval("n > 0"), (V{"true", "false", "NULL"}));
  EXPECT_EQ(Eval("n > 0 AND FALSE"), (V{"false", "false", "false"}));
  EXPECT_EQ(Eval("n > 0 OR TRUE"), (V{"true", "true", "true"}));
  EXPECT_EQ(Eval("n > 0 OR FALSE"), (V{"true", "false", "NULL"}));
  EXPECT_EQ(Eval("NOT n > 0"), (V{"false", "true", "NULL"}));
  EXPECT_EQ(Eval("n = 5.00"), (V{"true", "false", "NULL"}));
  EXPECT_EQ(Eval("d >= 2.5"), (V{"true", "false", "false"}));
  EXPECT_EQ(Eval("n IS NULL"), (V{"false", "false", "true"}));
  EXPECT_EQ(Eval("n IS NOT NULL"), (V{"true", "true", "false"}));
  EXPECT_EQ(Eval("n BETWEEN -7 AND 4"), (V{"false", "true", "NULL"}));
  EXPECT_EQ(Eval("n NOT BETWEEN -7 AND 4"), (V{"true", "false", "NULL"}));
}

TEST_F(ExprTest, StringsCompareByteWise) {
  EXPECT_EQ(Eval("name = 'Acme'"), (V{"true", "false", "false"}));
  EXPECT_EQ(Eval("name = 'acme'"), (V{"false", "false", "false"}));
  EXPECT_EQ(Eval("'B' < 'a'"), (V{"true", "true", "true"}));
  EXPECT_EQ(Eval("'z' < '\xc3\xa4'"), (V{"true", "true", "true"}));  // ä sorts after ASCII
  EXPECT_EQ(Eval("name IN ('Acme', 'x')"), (V{"true", "false", "false"}));
  EXPECT_EQ(Eval("name NOT IN ('Acme')"), (V{"false", "true", "true"}));
  EXPECT_EQ(Eval("n IN (1, NULL)"), (V{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval("n IN (5, NULL)"), (V{"true", "NULL", "NULL"}));
  EXPECT_EQ(Eval("name LIKE 'A%'"), (V{"true", "false", "false"}));
  EXPECT_EQ(Eval("name LIKE '_cm_'"), (V{"true", "false", "false"}));
  EXPECT_EQ(Eval("name NOT LIKE '%SEC%'"), (V{"true", "true", "false"}));
}

// A column compared with constants goes through dictionary codes; the same
// comparisons on a computed string (no codes) must agree, NULLs included.
TEST_F(ExprTest, ColumnAgainstConstantsComparesCodesWithTheSameAnswers) {
  EXPECT_EQ(Eval("tag = 'x'"), (V{"true", "NULL", "false"}));
  EXPECT_EQ(Eval("'x' = tag"), (V{"true", "NULL", "false"}));
  EXPECT_EQ(Eval("LOWER(tag) = 'x'"), (V{"true", "NULL", "false"}));
  EXPECT_EQ(Eval("tag <> 'x'"), (V{"false", "NULL", "true"}));
  EXPECT_EQ(Eval("tag = 'absent'"), (V{"false", "NULL", "false"}));
  EXPECT_EQ(Eval("tag <> 'absent'"), (V{"true", "NULL", "true"}));
  EXPECT_EQ(Eval("tag = NULL"), (V{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval("tag IN ('y', 'absent')"), (V{"false", "NULL", "true"}));
  EXPECT_EQ(Eval("LOWER(tag) IN ('y', 'absent')"), (V{"false", "NULL", "true"}));
  EXPECT_EQ(Eval("tag IN ('x', NULL)"), (V{"true", "NULL", "NULL"}));
  EXPECT_EQ(Eval("tag NOT IN ('x')"), (V{"false", "NULL", "true"}));
  EXPECT_EQ(Eval("tag NOT IN ('absent', NULL)"), (V{"NULL", "NULL", "NULL"}));
}

TEST_F(ExprTest, LikeWildcardsInTheTextStillMatch) {
  EXPECT_EQ(Eval("'%xb' LIKE '%b'"), (V{"true", "true", "true"}));
  EXPECT_EQ(Eval("'a_c' LIKE 'a_c'"), (V{"true", "true", "true"}));
  EXPECT_EQ(Eval("'abc' LIKE 'a%%c'"), (V{"true", "true", "true"}));
  EXPECT_EQ(Eval("'abc' LIKE 'b%'"), (V{"false", "false", "false"}));
}

TEST_F(ExprTest, NestedCaseKeepsItsOwnDecisions) {
  EXPECT_EQ(Eval("CASE WHEN n > 0 THEN CASE WHEN d > 0 THEN 'pp' ELSE 'pn' END ELSE 'other' END"),
            (V{"pp", "other", "other"}));
  EXPECT_EQ(Eval("IF(n IS NULL, 'none', IF(n > 0, 'pos', 'neg'))"), (V{"pos", "neg", "none"}));
}

TEST_F(ExprTest, TextFunctions) {
  EXPECT_EQ(Eval("TRIM(name)"), (V{"Acme", "Blue", "core; SEC ;x"}));
  EXPECT_EQ(Eval("UPPER(name)"), (V{"ACME", " BLUE ", "CORE; SEC ;X"}));
  EXPECT_EQ(Eval("LOWER(name) || '!'"), (V{"acme!", " blue !", "core; sec ;x!"}));
  EXPECT_EQ(Eval("LENGTH(name)"), (V{"4", "6", "12"}));
}

TEST_F(ExprTest, CaseCoalesceLeastGreatest) {
  EXPECT_EQ(Eval("CASE WHEN n > 0 THEN 'pos' WHEN n < 0 THEN 'neg' END"),
            (V{"pos", "neg", "NULL"}));
  EXPECT_EQ(Eval("CASE n WHEN 5 THEN 1 ELSE 2.5 END"), (V{"1.0", "2.5", "2.5"}));
  EXPECT_EQ(Eval("COALESCE(n, 42)"), (V{"5", "-7", "42"}));
  EXPECT_EQ(Eval("LEAST(n, 0)"), (V{"0", "-7", "0"}));
  EXPECT_EQ(Eval("GREATEST(n, d)"), (V{"5.00", "-2.50", "0.01"}));
  EXPECT_EQ(Eval("IF(n > 0, 'yes', 'no')"), (V{"yes", "no", "no"}));
}

TEST_F(ExprTest, Lists) {
  EXPECT_EQ(Eval("TRIM(SPLIT(name, ';'))"), (V{"[Acme|]", "[Blue|]", "[core|SEC|x|]"}));
  EXPECT_EQ(Eval("LIST_JOIN(LIST_EXCEPT(['CORE', 'SEC', 'x'], TRIM(SPLIT(name, ';'))), ';')"),
            (V{"CORE;SEC;x", "CORE;SEC;x", "CORE"}));
  EXPECT_EQ(Eval("LIST_CONTAINS(SPLIT(name, ';'), 'core')"), (V{"false", "false", "true"}));
  EXPECT_EQ(Eval("LIST_LENGTH(SPLIT(name, ';'))"), (V{"1", "1", "3"}));
}

TEST_F(ExprTest, BindErrorsSayWhatWasExpected) {
  EXPECT_EQ(BindError("nme = 'x'"), "unknown column \"nme\" (did you mean \"name\"?)");
  EXPECT_EQ(BindError("name > 3"), "cannot compare string with integer");
  EXPECT_EQ(BindError("n AND TRUE"), "AND expects a boolean, found integer");
  EXPECT_EQ(BindError("LOWR(name)"), "unknown function LOWR (did you mean LOWER?)");
  EXPECT_EQ(BindError("n >"),
            "unexpected end of expression (expected a value, a column or a function)");
  EXPECT_EQ(BindError("'open"), "unterminated string (expected a closing ')");
  EXPECT_EQ(BindError("parent.n"), "parent.n needs a family step before this step");
  EXPECT_EQ(BindError("COALESCE(n, name)"), "COALESCE: cannot mix integer and string");
  EXPECT_EQ(BindError("ROUND(n, 1.5)"), "ROUND digits must be a whole number from 0 to 9");
}

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
