// The router: rule order, expressions for queue and priority, territory
// owners and their fallback, unknown leads, touchpoint validation, located
// policy errors, and the time one decision takes.
#include "routing/router.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "util/expect_error.h"

namespace acctseg {
namespace {

using Json = nlohmann::ordered_json;
using testing::ExpectError;

const char* kPolicy = R"y(policy: r
input:
  key: account_id
  columns: {account_id: string, segment: string, region: string, employees: integer,
            arr: decimal(2), tier: string}
steps:
  - compute:
      big: employees >= 1000
output: [account_id, segment, region, tier, arr, big]
routing:
  touchpoint: {type: string, contact_title: string, seats: integer, at: timestamp}
  teams:
    ent: {members: [rep-1, rep-2, rep-3], cap_per_day: 2}
    new-logo: {members: [sdr-1]}
  rules:
    - when: touchpoint.type = 'inbound_call' AND segment = 'Enterprise'
      queue: "'enterprise-' || LOWER(region)"
      owner: territory
      team: ent
      priority: 1
      sla_minutes: 15
    - when: account IS NULL
      queue: new-logo
      team: new-logo
      priority: "CASE WHEN touchpoint.seats >= 100 THEN 2 ELSE 3 END"
      sla_minutes: 60
    - when: arr > 1000.50
      queue: big
      owner: territory
      priority: 2
    - else: {queue: general, team: ent, priority: 3, sla_minutes: 1440}
)y";

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kMorning = 1'796'000'000'000;  // 2026-11-30T00:53:20Z

struct Fixture {
  PolicyAst policy;
  std::unique_ptr<Plan> plan;
  std::unique_ptr<Router> router;
};

Fixture Make(const std::string& text = kPolicy) {
  Fixture f;
  f.policy = ParsePolicyText("p.yaml", text);
  f.plan = Plan::Compile(f.policy);
  f.router = Router::Compile(f.policy, *f.plan);
  return f;
}

Json Account(const std::string& id, const std::string& segment, double arr = 10,
             const std::string& region = "AMER-W") {
  return {{"account_id", id}, {"segment", segment}, {"region", region},
          {"tier", "A"},      {"arr", arr},         {"big", false}};
}

const Json kCall = {{"type", "inbound_call"}, {"contact_title", "VP Engineering"}};

TEST(Router, FirstMatchingRuleDecidesWithExpressions) {
  Fixture f = Make();
  RouteDecision d = f.router->Route(Account("A1", "Enterprise"), kCall, kMorning);
  EXPECT_EQ(d.rule, 1);
  EXPECT_EQ(d.queue, "enterprise-amer-w");
  EXPECT_EQ(d.priority, 1);
  EXPECT_EQ(d.sla_minutes, 15);
  EXPECT_EQ(d.team, "ent");
  EXPECT_EQ(d.reason,
            "rule 1 (p.yaml:16:7) when touchpoint.type = 'inbound_call' AND segment = "
            "'Enterprise', with touchpoint.type = 'inbound_call', segment = 'Enterprise'; no "
            "owner in the territory plan, so owner rep-1 by round robin in team ent (1 of 2 "
            "today)");
  EXPECT_EQ(d.explain["rule"]["reads"]["region"], "AMER-W");
  EXPECT_EQ(d.explain["queue"]["value"], "enterprise-amer-w");
  EXPECT_EQ(d.explain["owner"]["how"], "round_robin");
  EXPECT_EQ(d.explain["account"], "A1");

  // Not a call: rule 1 fails; arr decides rule 3 (decimals compare exactly).
  d = f.router->Route(Account("A2", "Enterprise", 1000.51), {{"type", "web_form"}}, kMorning);
  EXPECT_EQ(d.rule, 3);
  EXPECT_EQ(d.queue, "big");
  EXPECT_EQ(d.priority, 2);
  EXPECT_EQ(d.sla_minutes, 0);
  EXPECT_EQ(d.owner, "");
  EXPECT_NE(d.reason.find("rules 1-2 did not match; no owner in the territory plan, so no owner "
                          "(the rule names no team)"),
            std::string::npos)
      << d.reason;
  d = f.router->Route(Account("A3", "SMB", 1000.50), Json(), kMorning);
  EXPECT_EQ(d.rule, 4);
  EXPECT_EQ(d.queue, "general");
  EXPECT_EQ(d.priority, 3);
  EXPECT_EQ(d.sla_minutes, 1440);
  EXPECT_EQ(d.explain["rule"]["when"], nullptr);
}

TEST(Router, TerritoryOwnerFirstThenTheTeam) {
  Fixture f = Make();
  f.router->SetOwners({{"A1", "rep-17"}});
  RouteDecision d = f.router->Route(Account("A1", "Enterprise"), kCall, kMorning);
  EXPECT_EQ(d.owner, "rep-17");
  EXPECT_EQ(d.team, "ent");
  EXPECT_NE(d.reason.find("; owner rep-17 from the territory plan"), std::string::npos);
  EXPECT_EQ(d.explain["owner"]["how"], "territory");
  d = f.router->Route(Account("A9", "Enterprise"), kCall, kMorning);  // no owner in the plan
  EXPECT_EQ(d.owner, "rep-1");
  EXPECT_EQ(d.explain["owner"]["how"], "round_robin");
}

TEST(Router, UnknownLeadReadsNullAccountColumns) {
  Fixture f = Make();
  RouteDecision d = f.router->Route(Json(), {{"type", "signup"}, {"seats", 150}}, kMorning);
  EXPECT_EQ(d.rule, 2);
  EXPECT_EQ(d.queue, "new-logo");
  EXPECT_EQ(d.owner, "sdr-1");
  EXPECT_EQ(d.priority, 2);
  EXPECT_EQ(d.explain["account"], nullptr);
  EXPECT_EQ(d.explain["rule"]["reads"]["account"], nullptr);
  EXPECT_EQ(d.explain["rule"]["reads"]["touchpoint.seats"], 150);
  // An unknown lead calling about an enterprise deal still is no account.
  d = f.router->Route(Json(), kCall, kMorning);
  EXPECT_EQ(d.rule, 2);
  EXPECT_EQ(d.priority, 3);
}

TEST(Router, RoundRobinSkipsMembersAtTheCapAndStartsOverEachDay) {
  Fixture f = Make();
  f.router->SetOwners({{"T", "rep-2"}});
  std::vector<std::string> owners;
  // rep-2 gets one decision from the territory plan, which counts toward its cap.
  owners.push_back(f.router->Route(Account("T", "Enterprise"), kCall, kMorning).owner);
  for (int i = 0; i < 6; ++i)
    owners.push_back(f.router->Route(Account("S", "SMB"), Json(), kMorning + i).owner);
  EXPECT_EQ(owners,
            (std::vector<std::string>{"rep-2", "rep-1", "rep-2", "rep-3", "rep-1", "rep-3", ""}));
  RouteDecision full = f.router->Route(Account("S", "SMB"), Json(), kMorning + 10);
  EXPECT_EQ(full.owner, "");
  EXPECT_EQ(full.queue, "general");  // still routed to the queue
  EXPECT_NE(full.reason.find("no owner: team ent at capacity (2 a day each)"), std::string::npos)
      << full.reason;
  EXPECT_EQ(full.explain["owner"]["how"], "at_capacity");
  // The territory owner keeps its account past the cap, and the reason says so.
  RouteDecision owned = f.router->Route(Account("T", "Enterprise"), kCall, kMorning + 11);
  EXPECT_EQ(owned.owner, "rep-2");
  EXPECT_NE(owned.reason.find("owner rep-2 from the territory plan (3 today, over team ent's cap "
                              "of 2: a territory owner keeps their accounts)"),
            std::string::npos)
      << owned.reason;
  EXPECT_EQ(owned.explain["owner"]["over_cap"], true);
  // The next UTC day the counts start over; the cursor goes on where it was.
  RouteDecision next = f.router->Route(Account("S", "SMB"), Json(), kMorning + kDay);
  EXPECT_EQ(next.owner, "rep-1");
  EXPECT_NE(next.reason.find("(1 of 2 today)"), std::string::npos) << next.reason;
  // A time that steps back counts in the current day.
  EXPECT_EQ(f.router->Route(Account("S", "SMB"), Json(), kMorning).owner, "rep-2");
}

TEST(Router, StateRoundTripsThroughJson) {
  Fixture a = Make(), b = Make();
  for (int i = 0; i < 4; ++i) a.router->Route(Account("S", "SMB"), Json(), kMorning);
  b.router->LoadState(Json::parse(a.router->SaveState().dump()));
  EXPECT_EQ(a.router->SaveState(), b.router->SaveState());
  for (int i = 0; i < 5; ++i) {
    RouteDecision x = a.router->Route(Account("S", "SMB"), Json(), kMorning + i);
    RouteDecision y = b.router->Route(Account("S", "SMB"), Json(), kMorning + i);
    EXPECT_EQ(x.owner, y.owner);
    EXPECT_EQ(x.reason, y.reason);
  }
  ExpectError(ErrorKind::kInput, "routing state: day", [&] {
    b.router->LoadState({{"day", "yesterday"}});
  });
}

TEST(Router, TouchpointFieldsAreTypedAsDeclared) {
  Fixture f = Make();
  auto route = [&](Json touchpoint) {
    return f.router->Route(Account("A1", "Enterprise"), touchpoint, kMorning);
  };
  ExpectError(ErrorKind::kInput, "touchpoint.type: expected text, got 12", [&] {
    route({{"type", 12}});
  });
  ExpectError(ErrorKind::kInput, "touchpoint.seats: expected an integer, got \"many\"", [&] {
    route({{"seats", "many"}});
  });
  ExpectError(ErrorKind::kInput,
              "touchpoint.tpye: unknown field (did you mean \"touchpoint.type\"?)", [&] {
                route({{"tpye", "x"}});
              });
  ExpectError(ErrorKind::kInput, "touchpoint.at: expected a timestamp", [&] {
    route({{"at", "2026-11-30 10:00"}});
  });
  ExpectError(ErrorKind::kInput, "touchpoint: expected an object", [&] { route("call"); });
  ExpectError(ErrorKind::kInput, "account.segment: expected text, got 3", [&] {
    f.router->Route({{"account_id", "A"}, {"segment", 3}, {"region", "X"}, {"arr", 1}}, kCall,
                    kMorning);
  });
  ExpectError(ErrorKind::kInput, "account: no column \"arr\"", [&] {
    f.router->Route({{"account_id", "A"}, {"segment", "SMB"}, {"region", "X"}}, kCall, kMorning);
  });
  // CheckTouchpoint refuses the same, and decides nothing.
  ExpectError(ErrorKind::kInput, "touchpoint.seats: expected an integer, got 1.5", [&] {
    f.router->CheckTouchpoint({{"seats", 1.5}});
  });
  ExpectError(ErrorKind::kInput, "touchpoint.tpye: unknown field", [&] {
    f.router->CheckTouchpoint({{"tpye", "x"}});
  });
  f.router->CheckTouchpoint({{"type", "signup"}, {"seats", 3}});
  f.router->CheckTouchpoint(Json());
  // A refused touchpoint changed nothing: round robin starts at rep-1.
  EXPECT_EQ(route({{"at", "2026-11-30T10:00:00Z"}}).owner, "rep-1");
}

// The diagnostics of a policy whose routing does not bind.
std::string PolicyError(const std::string& rules) {
  std::string text = kPolicy;
  text = text.substr(0, text.find("  rules:\n")) + "  rules:\n" + rules;
  try {
    Make(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPolicy) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "compiled: " << rules;
  return "";
}

TEST(Router, PolicyErrorsAreLocated) {
  // Line 16 is the first rule's line.
  EXPECT_NE(PolicyError("    - when: segmnt = 'x'\n      queue: q\n")
                .find("p.yaml:16:13: unknown column \"segmnt\" (did you mean \"segment\"?)"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - when: touchpoint.tpye = 'x'\n      queue: q\n")
                .find("p.yaml:16:13: unknown column \"touchpoint.tpye\" (did you mean "
                      "\"touchpoint.type\"?)"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - when: employees > 5\n      queue: q\n")
                .find("p.yaml:16:13: column \"employees\" is not an output column"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - else: {queue: q, priority: 1.5}\n")
                .find("p.yaml:16:34: expected a whole number, found decimal(1)"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - else: {queue: \"LENGTH(region)\"}\n")
                .find("expected text: the queue's name, found integer"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - else: {queue: q, team: entt}\n")
                .find("p.yaml:16:30: unknown team \"entt\" (did you mean \"ent\"?)"),
            std::string::npos);
  EXPECT_NE(PolicyError("    - else: {queue: q, owner: rep-1}\n").find("unknown owner \"rep-1\""),
            std::string::npos);
}

TEST(Router, ReadsOwnersFromTheTerritoryAssignments) {
  auto path = std::filesystem::temp_directory_path() / "acctseg_router_owners.csv";
  std::ofstream(path) << "account_id,family,role,rep_id,previous_rep_id,reason\n"
                         "A1,A1,ae,rep-17,rep-17,kept\nA2,A1,ae,,rep-3,unassigned\n";
  auto owners = ReadOwners(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners["A1"], "rep-17");
  ExpectError(ErrorKind::kIo, "", [] { ReadOwners("/nonexistent/assignments.csv"); });
}

// The demo policy (examples/live, the seed policy with routing) compiles and
// routes an inbound call from an enterprise account of AMER-W.
TEST(Router, RoutesWithTheLiveExamplePolicy) {
  auto plan = Plan::CompileFile(std::string(ACCTSEG_SOURCE_DIR) + "/examples/live/policy.yaml");
  auto router = Router::Compile(plan->policy(), *plan);
  // Only the columns its rules read are needed.
  Json account = {
      {"account_id", "A1"}, {"segment", "Enterprise"}, {"region", "AMER-W"}, {"tier", "A"}};
  router->SetOwners({{"A1", "rep-102"}});
  RouteDecision d = router->Route(account, kCall, kMorning);
  EXPECT_EQ(d.queue, "enterprise-amer-w");
  EXPECT_EQ(d.owner, "rep-102");
  EXPECT_EQ(d.priority, 1);
  EXPECT_EQ(d.sla_minutes, 15);
  // As docs/routing.md shows it.
  EXPECT_NE(d.reason.find("policy.yaml:172:7) when touchpoint.type = 'inbound_call' AND segment = "
                          "'Enterprise' AND region LIKE 'AMER%', with touchpoint.type = "
                          "'inbound_call', segment = 'Enterprise', region = 'AMER-W'; owner "
                          "rep-102 from the territory plan"),
            std::string::npos)
      << d.reason;
  d = router->Route(Json(), {{"type", "signup"}, {"email", "cto@new.example"}, {"seats", 250}},
                    kMorning);
  EXPECT_EQ(d.queue, "new-logo");
  EXPECT_EQ(d.owner, "sdr-1");
  EXPECT_EQ(d.priority, 2);
}

// Well under 50 µs per decision in a release build (docs/routing.md); the
// bound here only catches gross regressions under sanitizers.
TEST(Router, OneDecisionIsFast) {
  Fixture f = Make();
  f.router->SetOwners({{"A1", "rep-17"}});
  const Json account = Account("A1", "Enterprise");
  const int kDecisions = 20000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kDecisions; ++i) f.router->Route(account, kCall, kMorning + i);
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      kDecisions;
  std::printf("routing: %.2f us per decision (%d decisions)\n", us, kDecisions);
  EXPECT_LT(us, 1000);
}

}  // namespace
}  // namespace acctseg
