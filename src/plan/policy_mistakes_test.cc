// Mistakes that used to pass `check` and then ran with a meaning nobody
// wrote (a second `steps:` ignored, a cut that takes every row) or stopped
// the run with an internal error: each is now a located policy error (exit
// 66) before any row is read.
#include <gtest/gtest.h>

#include <string>

#include "util/run_policy.h"

namespace acctseg {
namespace {

const char* kAccounts = "id,n\na,5\nb,7\nc,9\n";

// The policy fails to compile, with a message containing each of `parts`.
void ExpectPolicyError(const std::string& policy, const std::vector<std::string>& parts) {
  testing::PolicyRun run = testing::RunPolicy(policy, kAccounts);
  EXPECT_EQ(run.exit_code, 66) << run.output;
  for (const std::string& part : parts)
    EXPECT_NE(run.output.find(part), std::string::npos) << "no \"" << part << "\" in:\n"
                                                        << run.output;
}

std::string Policy(const std::string& steps, const std::string& output = "[id, t]") {
  return "policy: p\ninput:\n  columns: {id: string, n: integer}\nsteps:\n" + steps +
         "output: " + output + "\n";
}

TEST(PolicyMistakes, ARepeatedKeyIsNamedWithBothLines) {
  ExpectPolicyError(Policy("  - compute: {t: n}\n") + "steps:\n  - compute: {t: 0}\n",
                    {":7:1:", "repeated key \"steps\" (first at line 4)"});
  // Inside a step too, where the first of two outputs used to win.
  ExpectPolicyError(Policy("  - classify:\n      output: t\n      output: u\n"
                           "      rules: [{else: x}]\n"),
                    {":7:7:", "repeated key \"output\" (first at line 6)"});
}

// A lookup column the table lacks: a suggestion, and the steps that read
// the column it would have made are not reported as reading no column.
TEST(PolicyMistakes, ALookupColumnTheTableLacks) {
  const std::string policy =
      "policy: p\ninput:\n  columns: {id: string, n: integer}\n"
      "tables:\n  regions:\n    path: regions.csv\n    columns: {id: string, region: string}\n"
      "steps:\n  - lookup: {table: regions, keys: [{id: id}], columns: {r: regoin}}\n"
      "  - compute: {t: r}\noutput: [id, t]\n";
  testing::PolicyRun run =
      testing::RunPolicy(policy, kAccounts, {{"regions.csv", "id,region\na,X\n"}});
  EXPECT_EQ(run.exit_code, 66) << run.output;
  EXPECT_NE(run.output.find("table \"regions\" has no column \"regoin\" (did you mean "
                            "\"region\"?)"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("unknown column \"r\""), std::string::npos) << run.output;
}

// One mistake is reported once: the columns made from a failed
// expression, and the steps reading them, add no errors of their own (a
// typo in an aggregate was also "expected a condition, found string" at
// every rule that read its column).
TEST(PolicyMistakes, AMistakeIsReportedOnce) {
  testing::PolicyRun run = testing::RunPolicy(
      Policy("  - compute: {a: nn + 1}\n"
             "  - compute: {b: a * 2, c: UPPER(a)}\n"
             "  - classify: {output: t, rules: [{when: b > 1 AND c = 'X', then: X}, {else: Y}]}\n"),
      kAccounts);
  EXPECT_EQ(run.exit_code, 66) << run.output;
  EXPECT_NE(run.output.find("unknown column \"nn\" (did you mean \"n\"?)"), std::string::npos)
      << run.output;
  size_t located = 0;
  for (size_t at = run.output.find("policy.yaml:"); at != std::string::npos;
       at = run.output.find("policy.yaml:", at + 1))
    ++located;
  EXPECT_EQ(located, 1u) << run.output;
}

TEST(PolicyMistakes, AnOutputColumnListedTwice) {
  ExpectPolicyError(Policy("  - compute: {t: n}\n", "[id, t, id]"),
                    {"output lists \"id\" twice (first at line"});
}

TEST(PolicyMistakes, TierCutsThatCannotMeanWhatTheySay) {
  auto tier = [](const std::string& cuts) {
    return Policy("  - tier: {output: t, order_by: [n DESC], cuts: " + cuts + "}\n");
  };
  ExpectPolicyError(tier("[{tier: A, top: 1.5}, {tier: B}]"), {"top must be a share", "1.5"});
  ExpectPolicyError(tier("[{tier: A, top: 0}, {tier: B}]"), {"top must be a share"});
  ExpectPolicyError(tier("[{tier: A, top: -0.1}, {tier: B}]"), {"top must be a share"});
  ExpectPolicyError(tier("[{tier: A, top_n: 0}, {tier: B}]"), {"top_n must be at least 1"});
  ExpectPolicyError(tier("[{tier: A}, {tier: B, top: 0.5}]"), {"must be the last cut"});
  // The edges that are meant: the whole group, one row, and a cut left
  // empty by the one before it (a what-if may well try that).
  for (const char* cuts : {"[{tier: A, top: 1}]", "[{tier: A, top_n: 1}, {tier: B}]",
                           "[{tier: A, top: 0.5}, {tier: B, top: 0.5}, {tier: C}]"}) {
    testing::PolicyRun run = testing::RunPolicy(tier(cuts), kAccounts);
    EXPECT_EQ(run.exit_code, 0) << cuts << ": " << run.output;
  }
}

TEST(PolicyMistakes, AScoreWhoseMinIsAboveItsMax) {
  ExpectPolicyError(Policy("  - score: {output: t, min: 10, max: 5, terms: [{points: n}]}\n"),
                    {"min 10 is above max 5"});
  testing::PolicyRun run = testing::RunPolicy(
      Policy("  - score: {output: t, min: 5, max: 5, terms: [{points: n}]}\n"), kAccounts);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,t\na,5\nb,5\nc,5\n");
}

// touchpoint.* outside the routing rules (or with no fields declared)
// said "unknown qualifier (expected parent or global)".
TEST(PolicyMistakes, TouchpointFieldsOutsideRouting) {
  ExpectPolicyError(Policy("  - compute: {t: touchpoint.type}\n"),
                    {"touchpoint.type: touchpoint fields are read by routing rules only"});
}

// A table that cannot be loaded is the one error: its lookup and the
// columns the lookup would define no longer add "unknown table" and
// "unknown column" after it.
TEST(PolicyMistakes, AMissingTableIsReportedAlone) {
  const std::string policy =
      "policy: p\ninput:\n  columns: {id: string, n: integer}\n"
      "tables:\n  sizes: {path: sizes.csv, columns: {n: integer, size: string}}\n"
      "steps:\n  - lookup: {table: sizes, keys: [{n: n}], columns: {t: size}}\n"
      "output: [id, t]\n";
  testing::PolicyRun run = testing::RunPolicy(policy, kAccounts);
  EXPECT_EQ(run.exit_code, 66) << run.output;
  EXPECT_NE(run.output.find("sizes.csv\" does not exist"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("unknown"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace acctseg
