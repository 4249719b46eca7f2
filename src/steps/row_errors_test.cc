// A row that cannot be evaluated (a numeric overflow) stops the run with a
// message naming the policy place, the problem, the account and the line.
#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::RunPolicy;

// A policy over accounts(id, parent, n, s), keyed by id unless `key` is false.
std::string Policy(const std::string& steps, const std::string& outputs, bool key = true) {
  return std::string("input:\n") + "  name: accounts\n" + (key ? "  key: id\n" : "  # no key\n") +
         "  columns: {id: string, parent: string, n: integer, s: string}\n"
         "steps:\n" +
         steps + "output:\n  columns: [" + outputs + "]\n";
}

// `rows` accounts a0, a1, ... with n = 1, except n = `n_at` on row `at`.
std::string Accounts(size_t rows, size_t at, const std::string& n_at, const char* s = "x") {
  std::string csv = "id,parent,n,s\n";
  for (size_t row = 0; row < rows; ++row)
    csv += "a" + std::to_string(row) + ",," + (row == at ? n_at : "1") + "," + s + "\n";
  return csv;
}

void ExpectMessage(const testing::PolicyRun& run, const std::string& message) {
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.output.find(message), std::string::npos) << run.output;
}

TEST(RowErrorTest, CarriesItsRowAndPlace) {
  RowError e(7, "numeric overflow in '*'");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  RowError moved = e.Within("policy.yaml:3:5: compute x").AtRow(2055);
  EXPECT_EQ(moved.row(), 2055u);
  EXPECT_EQ(moved.where(), "policy.yaml:3:5: compute x");
  EXPECT_STREQ(moved.what(), "numeric overflow in '*'");
}

TEST(RowErrors, AComputedColumnNamesItselfTheAccountAndTheLine) {
  // Row 2500 is in the second batch: the batch's row is rebased to the run's.
  auto run = RunPolicy(Policy("  - compute:\n"
                              "      big: n * 9223372036854775807\n",
                              "id, big"),
                       Accounts(3000, 2500, "2"));
  ExpectMessage(run, "policy.yaml:7:7: compute big: numeric overflow in '*' for id \"a2500\" (");
  ExpectMessage(run, "accounts.csv line 2502)");
}

TEST(RowErrors, WithoutAKeyTheLineAlone) {
  auto run = RunPolicy(Policy("  - compute:\n"
                              "      negated: -(n - 9223372036854775807 - 1)\n",
                              "id, negated", false),
                       Accounts(5, 3, "0"));
  ExpectMessage(run, "compute negated: numeric overflow in negation at ");
  ExpectMessage(run, "accounts.csv line 5");
}

TEST(RowErrors, AStepNamesItsPlace) {
  auto run = RunPolicy(Policy("  - score:\n"
                              "      output: score\n"
                              "      terms:\n"
                              "        - points: n\n"
                              "          reason: n\n"
                              "        - points: 9223372036854775807\n"
                              "          reason: max\n",
                              "id, score"),
                       Accounts(4, 2, "1"));
  ExpectMessage(run,
                "policy.yaml:6:5: score score: numeric overflow adding up the score for id "
                "\"a0\" (");
}

TEST(RowErrors, AnExpressionOverADictionaryNamesTheFirstRowOfTheValue) {
  // One string column repeated: evaluated once per distinct value, and the
  // failing value's first row is named.
  std::string csv = "id,parent,n,s\n";
  for (size_t row = 0; row < 3000; ++row)
    csv += "a" + std::to_string(row) + ",,1," + (row >= 1700 && row % 2 ? "long" : "ab") + "\n";
  auto run = RunPolicy(Policy("  - compute:\n"
                              "      l: (LENGTH(s) - 2) * 4611686018427387904\n",
                              "id, l"),
                       csv);
  ExpectMessage(run, "compute l: numeric overflow in '*' for id \"a1701\" (");
  ExpectMessage(run, "accounts.csv line 1703)");
}

// The family's whole sum is judged (steps_test.cc: SumsAreJudgedWhole), so
// the account named is the family's global one.
TEST(RowErrors, AFamilySumNamesTheFamilysGlobalAccount) {
  std::string csv =
      "id,parent,n,s\n"
      "a,,1,\n"
      "b,a,9223372036854775807,\n"
      "c,,5,\n";
  auto run = RunPolicy(Policy("  - family: {id: id, parent: parent}\n"
                              "  - compute:\n"
                              "      total: FAMILY_SUM(n)\n",
                              "id, total"),
                       csv);
  ExpectMessage(run, "compute total: numeric overflow in FAMILY_SUM for id \"a\" (");
  ExpectMessage(run, "accounts.csv line 2)");
}

}  // namespace
}  // namespace acctseg
