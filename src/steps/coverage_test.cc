// The coverage step: its four outputs, the checks on motions and hours a
// row can fail, bind errors, and explain.
#include <gtest/gtest.h>

#include <regex>

#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::ExplainPolicyAccount;
using testing::RunPolicy;

const char* kHead =
    "input:\n"
    "  name: accounts\n"
    "  key: id\n"
    "  columns: {id: string, segment: string, tier: string, arr: integer, h: integer, m: "
    "string}\n"
    "steps: []\n"
    "output:\n"
    "  columns: [id, role, channel, motion, workload_hours, issues]\n";

// Rule 2's hours are an expression: 1.5 hours per unit of h.
const char* kCoverage =
    "coverage:\n"
    "  rules:\n"
    "    - when: segment = 'Enterprise' AND tier = 'A'\n"
    "      role: enterprise_ae\n"
    "      channel: direct\n"
    "      motion: \"IF(arr > 0, 'expand', 'land')\"\n"
    "      hours_per_year: 120\n"
    "    - when: tier = 'B'\n"
    "      role: csm\n"
    "      channel: inside\n"
    "      motion: retain\n"
    "      hours_per_year: h * 1.5\n"
    "    - when: segment = 'SMB'\n"
    "      role: digital\n"
    "      channel: self_serve\n"
    "      hours_per_year: 0\n";

const char* kCsv =
    "id,segment,tier,arr,h,m\n"
    "e1,Enterprise,A,5000,,\n"
    "e2,Enterprise,A,0,,\n"
    "b1,Commercial,B,10,7,\n"
    "s1,SMB,C,0,,\n"
    "x1,Commercial,C,0,,\n";

// The test policy with `rules` as its coverage rules (YAML list items).
std::string WithRules(const std::string& rules) {
  return std::string(kHead) + "coverage:\n  rules:\n" + rules;
}

// The run failed with `exit_code` and a message containing `part`.
void ExpectFailure(const testing::PolicyRun& run, int exit_code, const std::string& part) {
  EXPECT_EQ(run.exit_code, exit_code) << run.output;
  EXPECT_NE(run.output.find(part), std::string::npos) << run.output;
}

TEST(CoverageStep, FirstMatchingRuleGivesAllFourOutputs) {
  auto run = RunPolicy(std::string(kHead) + kCoverage, kCsv);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Hours take the widest scale of the rules (one decimal, from h * 1.5);
  // s1's rule has no motion; x1 matches no rule.
  EXPECT_EQ(run.output,
            "id,role,channel,motion,workload_hours,issues\n"
            "e1,enterprise_ae,direct,expand,120.0,\n"
            "e2,enterprise_ae,direct,land,120.0,\n"
            "b1,csm,inside,retain,10.5,\n"
            "s1,digital,self_serve,,0.0,\n"
            "x1,,,,,\n");
}

TEST(CoverageStep, OutputNamesCanBeChosen) {
  std::string policy =
      "input:\n"
      "  columns: {id: string, role: string}\n"
      "steps: []\n"
      "output: [id, role, cover_role, hours]\n"
      "coverage:\n"
      "  outputs: {role: cover_role, hours: hours}\n"
      "  rules:\n"
      "    - else: {role: csm, channel: inside, motion: retain, hours_per_year: 2}\n";
  auto run = RunPolicy(policy, "id,role\na,buyer\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,role,cover_role,hours\na,buyer,csm,2\n");
  // The default name clashes with the input's column.
  std::string clash = policy;
  clash.replace(clash.find("role: cover_role, "), 18, "");
  auto failed = RunPolicy(clash, "id,role\na,buyer\n");
  ExpectFailure(failed, 66, "policy.yaml:5:1: column \"role\" is already defined");
}

TEST(CoverageStep, AMotionOutsideTheListStopsTheRunNamingTheAccount) {
  std::string policy = WithRules(
      "    - when: tier = 'A'\n"
      "      role: ae\n"
      "      channel: direct\n"
      "      motion: m\n"  // a bare word is a label...
      "      hours_per_year: 1\n");
  auto bad_label = RunPolicy(policy, kCsv);
  ExpectFailure(bad_label, 66, "policy.yaml:13:15: unknown motion \"m\"");

  policy.replace(policy.find("motion: m"), 9, "motion: COALESCE(m, 'land')");
  auto run = RunPolicy(policy, "id,segment,tier,arr,h,m\na1,X,A,0,1,expand\na2,X,A,0,1,grow\n");
  ExpectFailure(run, 65,
                "policy.yaml:13:15: coverage motion: motion \"grow\" is not land, "
                "expand, retain or walk_away for id \"a2\"");
}

TEST(CoverageStep, NegativeHoursStopTheRun) {
  std::string policy =
      WithRules("    - else: {role: ae, channel: direct, hours_per_year: h - 10}\n");
  auto run = RunPolicy(policy, "id,segment,tier,arr,h,m\na1,X,A,0,12,\na2,X,A,0,3,\n");
  ExpectFailure(run, 65,
                "policy.yaml:10:7: coverage hours_per_year: hours_per_year is "
                "negative (-7) for id \"a2\"");
}

TEST(CoverageStep, BindErrorsAreLocated) {
  std::string policy = WithRules(
      "    - when: tier = 'A'\n"
      "      role: ae\n"
      "      channel: direct\n"
      "      motion: arr + 1\n"
      "      hours_per_year: segment\n"
      "    - when: tierr = 'B'\n"
      "      role: csm\n"
      "      channel: inside\n"
      "      hours_per_year: 1\n");
  auto run = RunPolicy(policy, kCsv);
  ExpectFailure(run, 66, "policy.yaml:13:15: motion must give text");
  ExpectFailure(run, 66, "policy.yaml:14:23:");
  ExpectFailure(run, 66, "policy.yaml:15:13: unknown column \"tierr\"");
}

// The step's summary, its policy path (a temporary directory) cut to the file name.
std::string Summary(const nlohmann::ordered_json& step) {
  return std::regex_replace(step["summary"].get<std::string>(), std::regex("/[^ ]*/policy\\.yaml"),
                            "policy.yaml");
}

TEST(CoverageStep, ExplainNamesTheRuleAndWhatItRead) {
  std::string policy = std::string(kHead) + kCoverage;
  nlohmann::ordered_json e1 = ExplainPolicyAccount(policy, kCsv, "e1")["steps"].back();
  EXPECT_EQ(e1["kind"], "coverage");
  EXPECT_EQ(e1["outputs"]["role"], "enterprise_ae");
  EXPECT_EQ(e1["outputs"]["workload_hours"], 120.0);
  EXPECT_EQ(e1["rule"]["index"], 1);
  EXPECT_EQ(e1["rule"]["then"]["channel"], "direct");
  EXPECT_EQ(e1["rule"]["then"]["motion"], "IF(arr > 0, 'expand', 'land')");
  EXPECT_EQ(Summary(e1),
            "role = 'enterprise_ae', channel = 'direct', motion = 'expand', workload_hours = "
            "120.0: rule 1 (policy.yaml:10:7) when segment = 'Enterprise' AND tier = 'A', with "
            "segment = 'Enterprise', tier = 'A', arr = 5000");

  nlohmann::ordered_json b1 = ExplainPolicyAccount(policy, kCsv, "b1")["steps"].back();
  EXPECT_EQ(Summary(b1),
            "role = 'csm', channel = 'inside', motion = 'retain', workload_hours = 10.5: rule 2 "
            "(policy.yaml:15:7) when tier = 'B', with tier = 'B', h = 7; rule 1 did not "
            "match");

  nlohmann::ordered_json x1 = ExplainPolicyAccount(policy, kCsv, "x1")["steps"].back();
  EXPECT_TRUE(x1["rule"].is_null());
  EXPECT_EQ(Summary(x1),
            "role = NULL, channel = NULL, motion = NULL, workload_hours = NULL: none of the 3 "
            "coverage rules matched");
}

}  // namespace
}  // namespace acctseg
