// The coverage: and capacity: sections parse into PolicyAst, and each
// mistake is one located diagnostic naming what was expected.
#include "policy/planning_parser.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace acctseg {
namespace {

const char* kHead = R"y(policy: p
input:
  columns: {id: string, segment: string, tier: string, arr: decimal(2), region: string}
steps: []
output: [id]
)y";

PolicyAst Parse(const std::string& tail) { return ParsePolicyText("p.yaml", kHead + tail); }

// The rendered diagnostics of a policy that must not parse.
std::string ErrorOf(const std::string& tail) {
  try {
    Parse(tail);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPolicy);
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << tail;
  return "";
}

void ExpectHas(const std::string& message, const std::string& part) {
  EXPECT_NE(message.find(part), std::string::npos) << message;
}

const char* kCoverage = R"y(coverage:
  rules:
    - when: segment = 'Enterprise' AND tier = 'A'
      role: enterprise_ae
      channel: direct
      motion: "IF(arr > 0, 'expand', 'land')"
      hours_per_year: 120
    - when: tier = 'B'
      role: csm
      channel: inside
      motion: retain
      hours_per_year: 30
    - else: {role: digital, channel: self_serve, hours_per_year: 0}
)y";

TEST(PlanningParser, ReadsCoverageRules) {
  PolicyAst ast = Parse(kCoverage);
  ASSERT_TRUE(ast.coverage.has_value());
  EXPECT_FALSE(ast.capacity.has_value());
  const auto& rules = ast.coverage->rules;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].when->text, "segment = 'Enterprise' AND tier = 'A'");
  EXPECT_EQ(rules[0].role.name, "enterprise_ae");
  EXPECT_EQ(rules[0].channel.name, "direct");
  EXPECT_FALSE(rules[0].motion_label.has_value());
  EXPECT_EQ(rules[0].motion->text, "IF(arr > 0, 'expand', 'land')");
  EXPECT_EQ(rules[0].motion->location.line, 11u);
  EXPECT_EQ(rules[0].hours_per_year.text, "120");
  EXPECT_EQ(rules[1].motion_label->name, "retain");
  EXPECT_FALSE(rules[2].when.has_value());
  EXPECT_FALSE(rules[2].motion_label || rules[2].motion);
  EXPECT_EQ(rules[2].role.name, "digital");
  EXPECT_EQ(ast.coverage->outputs.hours.name, "workload_hours");
}

TEST(PlanningParser, ReadsOutputNames) {
  PolicyAst ast = Parse(R"y(coverage:
  outputs: {role: cover_role, hours: hours}
  rules:
    - else: {role: digital, channel: self_serve, hours_per_year: 0}
)y");
  EXPECT_EQ(ast.coverage->outputs.role.name, "cover_role");
  EXPECT_EQ(ast.coverage->outputs.channel.name, "channel");
  EXPECT_EQ(ast.coverage->outputs.hours.name, "hours");
}

TEST(PlanningParser, ReadsCapacity) {
  PolicyAst ast = Parse(std::string(kCoverage) + R"y(capacity:
  columns: {region: sales_region}
  attrition: 0.15
  roles:
    enterprise_ae: {hours_per_year: 1400, quota: 1200000, cost: 260000, ramp_months: 6, headcount: 26}
    csm: {hours_per_year: 1600, quota: 0, cost: 120000, ramp_months: 3, attrition: 0.2}
    digital: {hours_per_year: 0}
)y");
  ASSERT_TRUE(ast.capacity.has_value());
  const CapacityDecl& c = *ast.capacity;
  EXPECT_EQ(c.columns.region.name, "sales_region");
  EXPECT_EQ(c.columns.potential.name, "potential");
  EXPECT_DOUBLE_EQ(*c.attrition, 0.15);
  ASSERT_EQ(c.roles.size(), 3u);
  const CapacityRole* ae = c.FindRole("enterprise_ae");
  ASSERT_NE(ae, nullptr);
  EXPECT_DOUBLE_EQ(ae->hours_per_year, 1400);
  EXPECT_DOUBLE_EQ(ae->quota, 1200000);
  EXPECT_DOUBLE_EQ(ae->cost, 260000);
  EXPECT_DOUBLE_EQ(ae->ramp_months, 6);
  EXPECT_EQ(*ae->headcount, 26);
  EXPECT_FALSE(ae->attrition.has_value());
  EXPECT_DOUBLE_EQ(*c.FindRole("csm")->attrition, 0.2);
  EXPECT_FALSE(c.FindRole("digital")->headcount.has_value());
  EXPECT_EQ(c.FindRole("nobody"), nullptr);
}

TEST(PlanningParser, UnknownKeyIsLocated) {
  std::string message = ErrorOf(R"y(coverage:
  rules:
    - when: tier = 'A'
      role: csm
      chanel: inside
      hours_per_year: 1
)y");
  ExpectHas(message, "p.yaml:10:7: unknown key \"chanel\" (did you mean \"channel\"?)");
}

TEST(PlanningParser, BadChannelAndMotion) {
  std::string message = ErrorOf(R"y(coverage:
  rules:
    - when: tier = 'A'
      role: csm
      channel: field
      motion: expnd
      hours_per_year: 1
)y");
  ExpectHas(message,
            "p.yaml:10:16: unknown channel \"field\" (expected direct, inside, "
            "partner or self_serve)");
  ExpectHas(message, "p.yaml:11:15: unknown motion \"expnd\" (did you mean \"expand\"?)");
}

TEST(PlanningParser, MissingHours) {
  std::string message = ErrorOf(R"y(coverage:
  rules:
    - else: {role: csm, channel: inside}
)y");
  ExpectHas(message, "p.yaml:8:13: missing key \"hours_per_year\"");
}

TEST(PlanningParser, RoleNotInCapacity) {
  std::string message = ErrorOf(R"y(coverage:
  rules:
    - else: {role: enterprise_ea, channel: direct, hours_per_year: 100}
capacity:
  roles:
    enterprise_ae: {hours_per_year: 1400}
)y");
  ExpectHas(message,
            "p.yaml:8:20: role \"enterprise_ea\" is not a role of capacity (did "
            "you mean \"enterprise_ae\"?)");
}

TEST(PlanningParser, RuleAfterElseAndBadNumbers) {
  std::string message = ErrorOf(R"y(coverage:
  rules:
    - else: {role: csm, channel: inside, hours_per_year: 1}
    - when: tier = 'A'
      role: csm
      channel: inside
      hours_per_year: 1
capacity:
  attrition: 1.5
  roles:
    csm: {hours_per_year: -3, headcount: 2.5}
    ae: {hours_per_year: 1400, ramp_months: 30}
)y");
  ExpectHas(message, "p.yaml:9:7: a rule after the else rule never matches");
  ExpectHas(message, "p.yaml:14:14: attrition is a yearly share below 1");
  ExpectHas(message, "p.yaml:16:27: expected a number >= 0 for hours_per_year");
  ExpectHas(message, "p.yaml:16:42: headcount must be a whole number");
  // It was an unlocated usage error (exit 64) once the plan was made.
  ExpectHas(message, "p.yaml:17:45: ramp_months must be at most 24");
}

}  // namespace
}  // namespace acctseg
