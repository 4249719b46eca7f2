// SameLeadingSteps: which first steps two policies share, by content.
#include "policy/same_steps.h"

#include <gtest/gtest.h>

#include <string>

#include "policy/policy_ast.h"

namespace acctseg {
namespace {

const std::string kPolicy = R"(policy: p
input:
  columns:
    account_id: string
    employees: integer
tables:
  regions: regions.csv
steps:
  - classify:
      output: size
      rules:
        - {when: employees >= 1000, then: Large}
        - {else: Small}
  - compute:
      big: employees * 2
  - tier:
      output: tier
      order_by: [employees DESC]
      cuts:
        - {tier: A, top: 0.2}
        - {tier: B}
output:
  columns: [account_id, size, tier]
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

size_t Shared(const std::string& a, const std::string& b, const std::string& path_b = "/p/b.yaml") {
  return SameLeadingSteps(ParsePolicyText("/p/a.yaml", a), ParsePolicyText(path_b, b));
}

TEST(SameLeadingStepsTest, TheSamePolicySharesEveryStep) {
  EXPECT_EQ(Shared(kPolicy, kPolicy), 3u);
}

TEST(SameLeadingStepsTest, CommentsSpacingAndStyleDoNotCount) {
  std::string restyled = Replace(kPolicy, "  - compute:\n      big: employees * 2",
                                 "  # doubled\n  - compute: {big: employees * 2}   # flow style");
  restyled = Replace(restyled, "output: size", "output: \"size\"");
  EXPECT_EQ(Shared(kPolicy, restyled), 3u);
}

TEST(SameLeadingStepsTest, StopsAtTheFirstStepThatDiffers) {
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "top: 0.2", "top: 0.25")), 2u);
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "employees * 2", "employees * 3")), 1u);
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, ">= 1000", ">= 1001")), 0u);
  // A step added at the end leaves the others shared; one added first none.
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "output:\n  columns", "  - compute: {x: 1}\noutput:\n  columns")), 3u);
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "steps:\n", "steps:\n  - compute: {x: 1}\n")), 0u);
}

TEST(SameLeadingStepsTest, NothingIsSharedWhenWhatTheStepsReadDiffers) {
  // Another input column type, another table, another AS_OF.
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "employees: integer",
                                    "employees: decimal(2)")),
            0u);
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "regions.csv", "regions2.csv")), 0u);
  EXPECT_EQ(Shared(kPolicy, Replace(kPolicy, "tables:", "as_of: 2026-01-01\ntables:")), 0u);
  PolicyAst a = ParsePolicyText("/p/a.yaml", kPolicy), b = ParsePolicyText("/p/b.yaml", kPolicy);
  b.as_of_override = "2026-01-01";
  EXPECT_EQ(SameLeadingSteps(a, b), 0u);
  // The same relative table path from another directory is another file.
  EXPECT_EQ(Shared(kPolicy, kPolicy, "/elsewhere/b.yaml"), 0u);
  const std::string without_tables = Replace(kPolicy, "tables:\n  regions: regions.csv\n", "");
  EXPECT_EQ(Shared(without_tables, without_tables, "/elsewhere/b.yaml"), 3u);
}

}  // namespace
}  // namespace acctseg
