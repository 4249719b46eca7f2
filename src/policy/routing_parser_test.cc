// The routing: section parses into PolicyAst, and each mistake of its shape
// is one located diagnostic naming what was expected.
#include "policy/routing_parser.h"

#include <gtest/gtest.h>

#include "util/expect_error.h"

namespace acctseg {
namespace {

const char* kHead = R"y(policy: p
input:
  columns: {id: string, segment: string}
steps: []
output: [id]
)y";

PolicyAst Parse(const std::string& tail) { return ParsePolicyText("p.yaml", kHead + tail); }

// A policy that must not parse, with a diagnostic containing `part`.
void ExpectHas(const std::string& tail, const std::string& part) {
  testing::ExpectError(ErrorKind::kPolicy, part, [&] { Parse(tail); });
}

TEST(RoutingParser, ReadsTouchpointTeamsAndRules) {
  PolicyAst ast = Parse(R"y(routing:
  touchpoint: {type: string, seats: integer}
  teams:
    ent: {members: [rep-1, rep-2], cap_per_day: 40}
    new-logo: {members: [sdr-1]}
  rules:
    - when: touchpoint.type = 'inbound_call'
      queue: "'ent-' || segment"
      owner: territory
      team: ent
      priority: 1
      sla_minutes: 15
    - else: {queue: new-logo, team: new-logo}
)y");
  ASSERT_TRUE(ast.routing);
  const RoutingDecl& r = *ast.routing;
  EXPECT_EQ(r.location.line, 6u);
  ASSERT_EQ(r.touchpoint.size(), 2u);
  EXPECT_EQ(r.touchpoint[1].name.name, "seats");
  EXPECT_EQ(r.touchpoint[1].type, "integer");
  ASSERT_EQ(r.teams.size(), 2u);
  EXPECT_EQ(r.teams[0].members[1].name, "rep-2");
  EXPECT_EQ(r.teams[0].cap_per_day, 40);
  // A whole number written as a decimal or with an exponent is one.
  EXPECT_EQ(Parse("routing:\n  teams: {a: {members: [x], cap_per_day: 40.0}}\n"
                  "  rules: [{else: {queue: q}}]\n")
                .routing->teams[0]
                .cap_per_day,
            40);
  EXPECT_FALSE(r.teams[1].cap_per_day);
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].queue->text, "'ent-' || segment");
  EXPECT_FALSE(r.rules[0].queue_label);
  EXPECT_TRUE(r.rules[0].owner_territory);
  EXPECT_EQ(r.rules[0].priority->text, "1");
  EXPECT_EQ(r.rules[0].location.line, 12u);
  EXPECT_FALSE(r.rules[1].when);
  EXPECT_EQ(r.rules[1].queue_label->name, "new-logo");  // a plain word is a label
  EXPECT_EQ(r.rules[1].team->name, "new-logo");
  EXPECT_FALSE(r.rules[1].priority);
}

TEST(RoutingParser, MistakesAreLocated) {
  ExpectHas("routing:\n  rules:\n    - when: x\n      queue: q\n      prio: 1\n",
            "p.yaml:10:7: unknown key \"prio\" (expected one of: when queue owner team priority");
  ExpectHas("routing:\n  rules:\n    - when: x\n", "p.yaml:8:7: missing key \"queue\"");
  ExpectHas("routing:\n  teams: {a: {members: [x, x]}}\n  rules: [{else: {queue: q}}]\n",
            "p.yaml:7:28: \"x\" is twice in team \"a\"");
  ExpectHas(
      "routing:\n  teams: {a: {members: [x], cap_per_day: 0}}\n  rules: [{else: {queue: q}}]\n",
      "cap_per_day must be a whole number of decisions, at least 1 (not 0)");
  // Below zero the same message (it was "a number >= 0", and then 0 was refused).
  ExpectHas(
      "routing:\n  teams: {a: {members: [x], cap_per_day: -1}}\n  rules: [{else: {queue: q}}]\n",
      "p.yaml:7:42: cap_per_day must be a whole number of decisions, at least 1 (not -1)");
  ExpectHas("routing:\n  rules:\n    - else: {queue: q}\n    - else: {queue: r}\n",
            "p.yaml:9:7: a rule after the else rule never matches");
  ExpectHas(
      "routing:\n  teams: {ent: {members: [x]}}\n  rules:\n    - else: {queue: q, team: ops}\n",
      "p.yaml:9:30: unknown team \"ops\" (its teams: ent)");
  ExpectHas("routing:\n  rules: []\n", "routing rules must be a list");
  ExpectHas("routing: [x]\n", "p.yaml:6:1: routing must be a mapping");
}

}  // namespace
}  // namespace acctseg
