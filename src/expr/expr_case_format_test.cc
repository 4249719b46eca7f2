// The expression case file format itself (tests/util/expr_case_file.h): what
// it accepts, and that every malformed file is rejected naming file:line.
#include <gtest/gtest.h>

#include "common/error.h"
#include "util/expr_case_file.h"
#include "util/expr_case_runner.h"

namespace acctseg::testing {
namespace {

// The message a malformed file gives, or "" if it parses.
std::string ParseError(const std::string& text) {
  try {
    ParseExprCaseFile("t.test", text);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(ExprCaseFormat, ReadsTablesCasesAndOutcomes) {
  ExprCaseFile file = ParseExprCaseFile("t.test",
                                        "# constants first\n"
                                        "expr: 1 + 1\n"
                                        "type: integer\n"
                                        "expect: 2\n"
                                        "\n"
                                        "columns: n integer, s string, d decimal(2), b boolean\n"
                                        "row: 5, 'it''s, a', 2.5, true\n"
                                        "row: NULL, NULL, NULL, NULL\n"
                                        "parents: -, 1\n"
                                        "expr: s\n"
                                        "expect: 'it''s, a'\n"
                                        "expect: NULL\n"
                                        "expr: n +\n"
                                        "bind error: unexpected end\n"
                                        "expr: n * 1\n"
                                        "type: integer\n"
                                        "eval error: overflow\n");
  ASSERT_EQ(file.tables.size(), 2u);
  EXPECT_EQ(file.tables[0].row_count, 1u);
  const ExprCaseTable& table = file.tables[1];
  EXPECT_EQ(table.row_count, 2u);
  EXPECT_EQ(table.names, (std::vector<std::string>{"n", "s", "d", "b"}));
  EXPECT_EQ(table.columns[0]->ints[0], 5);
  EXPECT_EQ(table.columns[1]->StringAt(0), "it's, a");
  EXPECT_EQ(table.columns[2]->ints[0], 250);
  EXPECT_TRUE(table.columns[3]->IsNull(1));
  EXPECT_EQ(table.global_row, (std::vector<int32_t>{0, 0}));
  ASSERT_EQ(file.cases.size(), 4u);
  EXPECT_EQ(file.cases[0].line, 2u);
  EXPECT_EQ(file.cases[0].table, 0u);
  EXPECT_EQ(file.cases[1].values, (std::vector<std::string>{"'it''s, a'", "NULL"}));
  EXPECT_EQ(file.cases[2].outcome, ExprCase::Outcome::kBindError);
  EXPECT_EQ(file.cases[2].error, "unexpected end");
  EXPECT_EQ(file.cases[3].outcome, ExprCase::Outcome::kEvalError);
}

TEST(ExprCaseFormat, MalformedFilesNameFileAndLine) {
  EXPECT_EQ(ParseError("expr: 1\nexpect: 1\nfoo: 2\n"),
            "t.test:3: unknown key \"foo\" (expected columns, row, parents, expr, type, expect, "
            "bind error or eval error)");
  EXPECT_EQ(ParseError("expr: 1\njust text\n").substr(0, 9), "t.test:2:");
  EXPECT_EQ(ParseError("expect: 1\n"), "t.test:1: expect: outside a case (start one with expr:)");
  EXPECT_EQ(ParseError("\nexpr: 1\n\n"),
            "t.test:2: the case needs expect: values, bind error: or eval error:");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1\nrow: 2\nexpr: n\nexpect: 1\n"),
            "t.test:4: expect: gives 1 values, the table has 2 rows");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1, 2\n"),
            "t.test:2: row has 2 values, the table has 1 columns");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1.5\n"),
            "t.test:2: \"1.5\" is not a valid integer value");
  EXPECT_EQ(ParseError("columns: d decimal(1)\nrow: 1.25\n"),
            "t.test:2: \"1.25\" is not a valid decimal(1) value");
  EXPECT_EQ(ParseError("columns: s string\nrow: abc\n"),
            "t.test:2: column s holds strings: write 'text', found abc");
  EXPECT_EQ(ParseError("columns: n number\n"), "t.test:1: unknown type \"number\" of column n");
  EXPECT_EQ(ParseError("columns: n integer\nexpr: n\nexpect: 1\n"),
            "t.test:2: the table above has no rows");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1\nexpr: n\nexpect: 1\nrow: 2\n"),
            "t.test:5: row: after the table's first case (start a new table with columns:)");
  EXPECT_EQ(ParseError("expr: 1\ntype: int\nexpect: 1\n"),
            "t.test:2: type: is one of integer, decimal(N), string, boolean, date, timestamp, "
            "list; found \"int\"");
  EXPECT_EQ(ParseError("expr: 'a'\nexpect: a\n"),
            "t.test:2: expected value a is not NULL, true, false, a number, a 'string' or a "
            "['list']");
  EXPECT_EQ(ParseError("expr: 1\nexpect: 1\nbind error: x\n"),
            "t.test:3: a case expects values (expect:) or one error (bind error: / eval error:), "
            "not both");
  EXPECT_EQ(ParseError("expr: 1 +\ntype: integer\nbind error: x\n"),
            "t.test:1: a case that fails to bind has no type:");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1\nrow: 2\nparents: 2, 1\n"),
            "t.test:4: parents: of the table above form a cycle");
  EXPECT_EQ(ParseError("columns: n integer\nrow: 1\nparents: 3\n"),
            "t.test:3: a parent is a row number from 1 to 1 or - for none, found 3");
  EXPECT_EQ(ParseError("expr: 'a\nexpect: 'a\n"),
            "t.test:2: unterminated quote or bracket in expect:");
}

TEST(ExprCaseFormat, SplitValuesKeepsQuotedAndBracketedCommas) {
  std::vector<std::string> values;
  ASSERT_TRUE(SplitValues(" 1, 'a, b' ,['x', 'y'], 'it''s' ", &values));
  EXPECT_EQ(values, (std::vector<std::string>{"1", "'a, b'", "['x', 'y']", "'it''s'"}));
  EXPECT_TRUE(SplitValues("  ", &values));
  EXPECT_TRUE(values.empty());
  EXPECT_FALSE(SplitValues("'open", &values));
}

// The runner's report names the case's line and shows both outcomes.
TEST(ExprCaseFormat, AFailingCaseSaysWhereAndWhat) {
  ExprCaseFile file = ParseExprCaseFile("t.test", "\nexpr: 7 / 2\ntype: integer\nexpect: 3\n");
  EXPECT_EQ(RunExprCase(file, file.cases[0]),
            "t.test:2: 7 / 2\n  expected: integer: 3\n  actual:   type decimal(6)");
  file = ParseExprCaseFile("t.test", "expr: 7 / 2\nexpect: 3.5\n");
  EXPECT_EQ(RunExprCase(file, file.cases[0]),
            "t.test:1: 7 / 2\n  expected: 3.5\n  actual:   decimal(6): 3.500000");
  file = ParseExprCaseFile("t.test", "expr: 7 / 2\nbind error: x\n");
  EXPECT_EQ(RunExprCase(file, file.cases[0]),
            "t.test:1: 7 / 2\n  expected: bind error containing \"x\"\n  actual:   binds, type "
            "decimal(6)");
  file = ParseExprCaseFile("t.test", "expr: 9223372036854775807 + 1\nexpect: 0\n");
  EXPECT_NE(RunExprCase(file, file.cases[0]).find("actual:   eval error \"numeric overflow"),
            std::string::npos);
}

}  // namespace
}  // namespace acctseg::testing
