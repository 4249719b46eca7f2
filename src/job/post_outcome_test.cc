#include "job/post_outcome.h"

#include <gtest/gtest.h>

#include "policy/policy_ast.h"

namespace acctseg {
namespace {

std::vector<std::string> Names(const std::vector<PostOutcomeColumn>& columns) {
  std::vector<std::string> names;
  for (const PostOutcomeColumn& c : columns) names.push_back(c.name);
  return names;
}

constexpr char kPolicy[] = R"yaml(policy: p
inputs:
  deals:
    key: id
    columns:
      id: string
      stage: {type: string, post_outcome: true}
      opened: date
      closed: {type: date, empty_is_null: true, post_outcome: true}
      region: string
steps:
  - compute:
      won: "stage = 'Won'"
      cycle: "DAYS_BETWEEN(opened, closed)"
      opened_month: "MONTH(opened)"
  - classify:
      output: speed
      rules:
        - when: "cycle < 30"
          then: fast
        - else: slow
  - classify:
      output: area
      rules:
        - when: "region = 'West'"
          then: W
        - else: other
output:
  columns: [id, won]
)yaml";

TEST(PostOutcomeTest, DeclaredColumnsAndWhatIsComputedFromThem) {
  std::unique_ptr<Plan> plan = Plan::Compile(ParsePolicyText("p.yaml", kPolicy));
  EXPECT_EQ(Names(PostOutcomeColumns(*plan)),
            (std::vector<std::string>{"stage", "closed", "won", "cycle", "speed"}));
}

// A message says why a column is late: declared, or read from which column.
TEST(PostOutcomeTest, EachColumnSaysWhyItIsLate) {
  std::unique_ptr<Plan> plan = Plan::Compile(ParsePolicyText("p.yaml", kPolicy));
  std::vector<PostOutcomeColumn> late = PostOutcomeColumns(*plan);
  ASSERT_EQ(late.size(), 5u);
  EXPECT_EQ(late[1].Why(), "declared post_outcome: true");
  EXPECT_EQ(late[3].Why(), "computed from a post_outcome column (closed)");  // cycle
  EXPECT_EQ(late[4].Why(), "computed from a post_outcome column (cycle)");   // speed
}

// Coverage runs after the steps: its outputs are late when a rule reads a late column.
TEST(PostOutcomeTest, CoverageReadingALateColumnIsLate) {
  std::string policy = std::string(kPolicy) + R"yaml(coverage:
  rules:
    - when: "region = 'West'"
      role: ae
      channel: direct
      hours_per_year: "IF(won, 10, 20)"
)yaml";
  std::unique_ptr<Plan> plan = Plan::Compile(ParsePolicyText("p.yaml", policy));
  EXPECT_EQ(Names(PostOutcomeColumns(*plan)),
            (std::vector<std::string>{"stage", "closed", "won", "cycle", "speed", "role", "channel",
                                      "motion", "workload_hours"}));
  policy.replace(policy.find("IF(won, 10, 20)"), 15, "10");
  plan = Plan::Compile(ParsePolicyText("p.yaml", policy));
  EXPECT_EQ(Names(PostOutcomeColumns(*plan)),
            (std::vector<std::string>{"stage", "closed", "won", "cycle", "speed"}));
}

}  // namespace
}  // namespace acctseg
