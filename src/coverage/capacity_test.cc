#include "coverage/capacity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "coverage/capacity_format.h"
#include "coverage/capacity_render.h"
#include "util/expect_error.h"
#include "util/make_table.h"

namespace acctseg::coverage {
namespace {

using testing::ExpectError;
using testing::IntColumn;
using testing::MakeTable;
using testing::StringColumn;

// Eight accounts whose plan docs/planning/capacity.md works by hand:
//   id  role     region tier hours potential  whitespace arr
//   a1  ae       EMEA   A     500  1,000,000    800,000  200,000
//   a2  ae       EMEA   B     600  2,000,000  2,000,000        0
//   a3  ae       AMER   A     700    500,000    400,000  100,000
//   a4  csm      AMER   C     800    100,000          0  150,000
//   a5  csm      AMER   C    1600     50,000     10,000   40,000
//   a6  digital  EMEA   -       0     10,000     10,000        0
//   a7  -        AMER   A     100      1,000          0        0
//   a8  csm      AMER   C     100     10,000          0    5,000
// Hours are decimal(1), to check the scale is read.
// `hours_nulls`: rows whose hours are NULL instead.
Table Accounts(const std::vector<bool>& hours_nulls = {}) {
  std::vector<bool> role_nulls = {false, false, false, false, false, false, true, false};
  std::vector<bool> tier_nulls = {false, false, false, false, false, true, false, false};
  return MakeTable({
      {"account_id", StringColumn({"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"})},
      {"role", StringColumn({"ae", "ae", "ae", "csm", "csm", "digital", "", "csm"}, role_nulls)},
      {"region", StringColumn({"EMEA", "EMEA", "AMER", "AMER", "AMER", "EMEA", "AMER", "AMER"})},
      {"tier", StringColumn({"A", "B", "A", "C", "C", "", "A", "C"}, tier_nulls)},
      {"workload_hours", IntColumn(DataType::Decimal(1),
                                   {5000, 6000, 7000, 8000, 16000, 0, 1000, 1000}, hours_nulls)},
      {"potential",
       IntColumn(DataType::Int64(), {1000000, 2000000, 500000, 100000, 50000, 10000, 1000, 10000})},
      {"whitespace",
       IntColumn(DataType::Int64(), {800000, 2000000, 400000, 0, 10000, 10000, 0, 0})},
      {"arr", IntColumn(DataType::Int64(), {200000, 0, 100000, 150000, 40000, 0, 0, 5000})},
  });
}

// ae: p = 1 - 0.15 * 6 / 24 = 0.9625, 1347.5 effective hours a rep.
// csm: its own attrition 0, so p = 1 and 1600 hours a rep.
CapacityConfig Config() {
  CapacityConfig config;
  config.attrition = 0.15;
  config.columns.account = "account_id";
  config.roles = {{"ae", 1400, 1200000, 260000, 6, std::nullopt, 1.0},
                  {"csm", 1600, 0, 120000, 3, 0.0, std::nullopt},
                  {"digital", 0, 0, 0, 0, std::nullopt, std::nullopt}};
  return config;
}

CapacityPlan Plan(const CapacityConfig& config = Config()) {
  return ComputeCapacityPlan(ReadCapacityAccounts(Accounts(), config.columns), config);
}

TEST(CapacityTest, ReadsColumnsWithTheirScaleAndNulls) {
  CapacityAccounts accounts = ReadCapacityAccounts(Accounts(), Config().columns);
  ASSERT_EQ(accounts.size(), 8u);
  EXPECT_DOUBLE_EQ(accounts.hours[4], 1600);
  EXPECT_EQ(accounts.role.codes[6], -1);
  EXPECT_EQ(accounts.tier.codes[5], -1);
  EXPECT_EQ(accounts.role.names, (std::vector<std::string>{"ae", "csm", "digital"}));
  EXPECT_EQ(accounts.ids[7], "a8");
}

// An account whose workload the policy could not size (NULL hours) still
// counts as 0 hours, but the plan says how many: the headcount leaves
// their work out (it said nothing).
TEST(CapacityTest, NullWorkloadHoursAreCountedAndNoted) {
  CapacityAccounts accounts = ReadCapacityAccounts(
      Accounts({false, false, false, false, false, false, true, true}), Config().columns);
  EXPECT_TRUE(accounts.hours_null[7]);
  EXPECT_FALSE(accounts.hours_null[0]);
  CapacityPlan plan = ComputeCapacityPlan(accounts, Config());
  ASSERT_EQ(plan.notes.size(), 2u);  // a7's has no role: only its own note
  EXPECT_EQ(plan.notes[1],
            "1 account with a role but no workload hours (NULL) counted as 0 hours: the "
            "headcount leaves their work out");
}

TEST(CapacityTest, RoleByRegionFollowsTheFormula) {
  CapacityPlan plan = Plan();
  ASSERT_EQ(plan.rows.size(), 4u);  // ae AMER, ae EMEA, csm AMER, digital EMEA
  const CapacityRow& ae_amer = plan.rows[0];
  EXPECT_EQ(ae_amer.role + "/" + ae_amer.region, "ae/AMER");
  EXPECT_NEAR(ae_amer.headcount_needed, 700 / 1347.5, 1e-12);  // 0.5195
  EXPECT_EQ(ae_amer.reps, 1u);
  EXPECT_NEAR(ae_amer.quota_capacity, 600000, 1e-6);  // 700 / 1400 * 1.2M
  EXPECT_NEAR(ae_amer.coverage_ratio, 500000.0 / 600000, 1e-12);
  const CapacityRow& ae_emea = plan.rows[1];
  EXPECT_EQ(ae_emea.region, "EMEA");
  EXPECT_EQ(ae_emea.accounts, 2u);
  EXPECT_DOUBLE_EQ(ae_emea.workload_hours, 1100);
  EXPECT_DOUBLE_EQ(ae_emea.potential, 3000000);
  EXPECT_DOUBLE_EQ(ae_emea.whitespace, 2800000);
  EXPECT_DOUBLE_EQ(ae_emea.arr, 200000);
  EXPECT_NEAR(ae_emea.headcount_needed, 0.816326531, 1e-9);
  EXPECT_NEAR(ae_emea.headcount_cost, 212244.898, 1e-3);
  EXPECT_NEAR(ae_emea.potential_per_rep, 3675000, 1e-6);
  EXPECT_NEAR(ae_emea.coverage_ratio, 3.181818182, 1e-9);  // 3M / 942,857
  EXPECT_DOUBLE_EQ(ae_emea.quota_per_rep, 1200000);
  const CapacityRow& csm = plan.rows[2];
  EXPECT_EQ(csm.accounts, 3u);
  EXPECT_DOUBLE_EQ(csm.headcount_needed, 2500.0 / 1600);  // 1.5625
  EXPECT_EQ(csm.reps, 2u);
  EXPECT_DOUBLE_EQ(csm.headcount_cost, 187500);
  EXPECT_DOUBLE_EQ(csm.potential_per_rep, 102400);
  EXPECT_TRUE(std::isnan(csm.coverage_ratio));  // no quota
  const CapacityRow& digital = plan.rows[3];
  EXPECT_FALSE(digital.staffed);
  EXPECT_EQ(digital.reps, 0u);
  EXPECT_TRUE(std::isnan(digital.potential_per_rep));
}

TEST(CapacityTest, RoleTotalsSumRegionsAndKeepWholeRepsPerRegion) {
  CapacityPlan plan = Plan();
  ASSERT_EQ(plan.roles.size(), 3u);
  const RolePlan& ae = plan.roles[0];
  EXPECT_DOUBLE_EQ(ae.productivity, 0.9625);
  EXPECT_DOUBLE_EQ(ae.effective_hours_per_rep, 1347.5);
  EXPECT_NEAR(ae.total.headcount_needed, 1800 / 1347.5, 1e-12);  // 1.3358
  EXPECT_EQ(ae.total.reps, 2u);                                  // one per region, not ceil(1.34)
  EXPECT_NEAR(ae.headcount_gap, 1 - 1800 / 1347.5, 1e-12);
  EXPECT_NEAR(ae.total.coverage_ratio, 3500000.0 / (1800 / 1400.0 * 1200000), 1e-12);
  EXPECT_DOUBLE_EQ(plan.roles[1].attrition, 0);
  EXPECT_DOUBLE_EQ(plan.roles[1].productivity, 1);
  EXPECT_TRUE(std::isnan(plan.roles[1].headcount_gap));  // no headcount given
  EXPECT_EQ(plan.total.accounts, 7u);
  EXPECT_EQ(plan.total.reps, 4u);
  EXPECT_NEAR(plan.total.headcount_needed, 1800 / 1347.5 + 1.5625, 1e-12);
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0],
            "1 account without a role (no coverage rule matched) left out of the plan");
}

TEST(CapacityTest, WhatIfCoversInRankOrderUntilTheHoursRunOut) {
  CapacityConfig config = Config();
  config.roles[1].headcount = 1;  // csm: 1600 hours
  CapacityPlan plan = Plan(config);
  ASSERT_TRUE(plan.whatif);
  ASSERT_EQ(plan.whatif->roles.size(), 2u);
  // ae, 1347.5 hours: a1 (A, 1M, 500 h), a3 (A, 0.5M, 700 h) fit; a2 (B) does not.
  const RoleWhatIf& ae = plan.whatif->roles[0];
  EXPECT_DOUBLE_EQ(ae.capacity_hours, 1347.5);
  EXPECT_EQ(ae.covered, 2u);
  EXPECT_EQ(ae.uncovered, 1u);
  EXPECT_DOUBLE_EQ(ae.uncovered_potential, 2000000);
  EXPECT_DOUBLE_EQ(ae.covered_potential, 1500000);
  ASSERT_EQ(ae.tiers.size(), 2u);
  EXPECT_EQ(ae.tiers[0].tier + ae.tiers[1].tier, "AB");
  EXPECT_EQ(ae.tiers[0].uncovered, 0u);
  EXPECT_EQ(ae.tiers[1].uncovered, 1u);
  // csm: a4 (800 h) fits; a5 (1600 h) does not, and a8 (100 h) ranks after
  // it, so it stays uncovered though it would fit on its own.
  const RoleWhatIf& csm = plan.whatif->roles[1];
  EXPECT_EQ(csm.covered, 1u);
  EXPECT_EQ(csm.uncovered, 2u);
  EXPECT_DOUBLE_EQ(csm.uncovered_potential, 60000);
  EXPECT_DOUBLE_EQ(csm.uncovered_arr, 45000);
  ASSERT_EQ(plan.whatif->uncovered.size(), 3u);
  EXPECT_EQ(plan.whatif->uncovered[0].id, "a2");
  EXPECT_EQ(plan.whatif->uncovered[0].rank, 3u);
  EXPECT_EQ(plan.whatif->uncovered[1].id, "a5");
  EXPECT_EQ(plan.whatif->uncovered[2].id, "a8");
}

TEST(CapacityTest, WhatIfBreaksPotentialTiesByArrThenId) {
  CapacityAccounts accounts;
  accounts.ids = {"z", "y", "x"};
  accounts.role = {{0, 0, 0}, {"csm"}};
  accounts.region = {{0, 0, 0}, {"EMEA"}};
  accounts.tier = {{0, 0, 0}, {"A"}};
  accounts.hours = {10, 10, 10};
  accounts.potential = {0, 0, 0};
  accounts.whitespace = {0, 0, 0};
  accounts.arr = {100, 500, 100};
  CapacityConfig config;
  config.roles = {{"csm", 10, 0, 0, 0, std::nullopt, 2.0}};  // 20 hours: two accounts
  std::optional<WhatIf> whatif = ComputeWhatIf(accounts, config);
  ASSERT_TRUE(whatif);
  ASSERT_EQ(whatif->uncovered.size(), 1u);
  EXPECT_EQ(whatif->uncovered[0].id, "z");  // y (ARR 500), then x before z
}

// NULLs are empty fields in the uncovered CSV, as NULL is in every CSV
// acctseg writes: region and tier read "(none)", a region of that name, and
// potential, whitespace and ARR read 0, which a planner took for "none".
TEST(CapacityTest, UncoveredCsvWritesNullAsAnEmptyField) {
  const std::vector<bool> b_null = {false, true};
  Table table = MakeTable({
      {"account_id", StringColumn({"a", "b"})},
      {"role", StringColumn({"csm", "csm"})},
      {"region", StringColumn({"EMEA", ""}, b_null)},
      {"tier", StringColumn({"A", ""}, b_null)},
      {"workload_hours", IntColumn(DataType::Int64(), {10, 10})},
      {"potential", IntColumn(DataType::Int64(), {5, 0}, b_null)},
      {"whitespace", IntColumn(DataType::Int64(), {0, 0}, b_null)},
      {"arr", IntColumn(DataType::Int64(), {0, 0}, b_null)},
  });
  CapacityConfig config;
  config.columns.account = "account_id";
  config.roles = {{"csm", 10, 0, 0, 0, std::nullopt, 1.0}};  // 10 hours: one account
  CapacityPlan plan;
  plan.whatif = ComputeWhatIf(ReadCapacityAccounts(table, config.columns), config);
  std::ostringstream csv;
  RenderUncoveredCsv(plan, csv);
  EXPECT_EQ(csv.str(),
            "account,role,region,tier,rank,workload_hours,potential,whitespace,arr\n"
            "b,csm,,,2,10,,,\n");
}

// One of each reads in the singular ("1 roles" was printed), and a rate
// keeps its digits (0.9999 read "attrition 100%").
TEST(CapacityTest, HeadlineCountsAndRatesReadAsGiven) {
  CapacityAccounts accounts;
  accounts.ids = {"a"};
  accounts.role = {{0}, {"csm"}};
  accounts.region = {{0}, {"EMEA"}};
  accounts.tier = {{0}, {"A"}};
  accounts.hours = {10};
  accounts.potential = {5};
  accounts.whitespace = {0};
  accounts.arr = {0};
  CapacityConfig config;
  config.attrition = 0.9999;
  config.roles = {{"csm", 10, 0, 0, 0, std::nullopt, std::nullopt}};
  CapacityPlan plan = ComputeCapacityPlan(accounts, config);
  std::ostringstream text, html;
  RenderCapacityText(plan, text);
  EXPECT_NE(text.str().find("Capacity plan: 1 account, 1 role, attrition 99.99%\n"
                            "Headcount needed: 1.0 FTE (1 rep)"),
            std::string::npos)
      << text.str();
  RenderCapacityHtml(plan, html);
  EXPECT_NE(html.str().find("1 account, 1 role, attrition 99.99%"), std::string::npos);
  config.attrition = 0.99999;  // the JSON keeps an input as given (it read 1.0)
  const nlohmann::ordered_json json = CapacityPlanJson(ComputeCapacityPlan(accounts, config));
  EXPECT_EQ(json["attrition"], 0.99999);
  // The headline says the attrition the roles used: the section's default
  // (0%) read as the plan's while the only role used its own 14%.
  config.attrition = 0;
  config.roles[0].ramp_months = 12;
  config.roles[0].attrition = 0.14;
  EXPECT_EQ(PlanHeadline(ComputeCapacityPlan(accounts, config)),
            "1 account, 1 role, attrition 14%");
  config.roles.push_back({"ae", 10, 0, 0, 0, 0.1, std::nullopt});
  config.roles.push_back({"digital", 0, 0, 0, 0, 0.5, std::nullopt});  // unstaffed: not used
  EXPECT_EQ(PlanHeadline(ComputeCapacityPlan(accounts, config)),
            "1 account, 3 roles, attrition per role (csm 14%, ae 10%)");
  config.roles.push_back({"sdr", 10, 0, 0, 0, std::nullopt, std::nullopt});  // the default, 0%
  EXPECT_EQ(PlanHeadline(ComputeCapacityPlan(accounts, config)),
            "1 account, 4 roles, attrition 0% (csm 14%, ae 10%)");
  EXPECT_EQ(ExactPercent(0.15), "15%");
  EXPECT_EQ(ExactPercent(0.125), "12.5%");
  EXPECT_EQ(ExactPercent(0), "0%");
  EXPECT_EQ(Percent(0.9642), "96.4%");  // derived figures keep one decimal
  EXPECT_EQ(CountOf(10000, "account"), "10,000 accounts");
}

TEST(CapacityTest, NoWhatIfWithoutHeadcount) {
  CapacityConfig config = Config();
  config.roles[0].headcount.reset();
  EXPECT_FALSE(Plan(config).whatif);
  config.roles[0].headcount = 5;  // ample
  CapacityPlan plan = Plan(config);
  ASSERT_TRUE(plan.whatif);
  EXPECT_EQ(plan.whatif->roles[0].uncovered, 0u);
  EXPECT_TRUE(plan.whatif->uncovered.empty());
}

TEST(CapacityTest, BadConfigAndColumnsAreUsageErrors) {
  CapacityConfig config = Config();
  config.roles.pop_back();  // digital
  ExpectError(ErrorKind::kUsage, "role \"digital\", which capacity.roles does not declare",
              [&] { Plan(config); });
  config = Config();
  config.attrition = 1.5;
  ExpectError(ErrorKind::kUsage, "the attrition is 1.5", [&] { Plan(config); });
  config = Config();
  config.roles[0].ramp_months = 30;
  ExpectError(ErrorKind::kUsage, "ramp_months of role \"ae\"", [&] { Plan(config); });
  config = Config();
  config.columns.potential = "potentail";
  ExpectError(ErrorKind::kUsage, "did you mean \"potential\"", [&] { Plan(config); });
  config = Config();
  config.columns.potential = "tier";
  ExpectError(ErrorKind::kUsage, "\"tier\" is string, a number was expected",
              [&] { Plan(config); });
}

TEST(CapacityTest, RenderersAgreeOnTheFigures) {
  CapacityPlan plan = Plan();
  std::ostringstream json;
  RenderCapacityJson(plan, json);
  auto j = nlohmann::json::parse(json.str());
  EXPECT_EQ(j["kind"], "capacity");
  EXPECT_EQ(j["rows"].size(), 4u);
  EXPECT_EQ(j["rows"][1]["region"], "EMEA");
  EXPECT_DOUBLE_EQ(j["rows"][1]["headcount_needed"].get<double>(), 0.8163);
  EXPECT_DOUBLE_EQ(j["rows"][1]["coverage_ratio"].get<double>(), 3.1818);
  EXPECT_TRUE(j["rows"][2]["coverage_ratio"].is_null());
  EXPECT_TRUE(j["rows"][3]["headcount_needed"].is_null());
  EXPECT_DOUBLE_EQ(j["roles"][0]["productivity"].get<double>(), 0.9625);
  EXPECT_EQ(j["total"]["reps"], 4);
  EXPECT_EQ(j["whatif"]["roles"][0]["uncovered"], 1);

  std::ostringstream text;
  RenderCapacityText(plan, text);
  EXPECT_NE(text.str().find("Headcount needed: 2.9 FTE (4 reps), cost 534,810 a year"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("first uncovered: a2 (tier B, EMEA, potential 2,000,000)"),
            std::string::npos)
      << text.str();

  std::ostringstream html;
  RenderCapacityHtml(plan, html);
  EXPECT_NE(html.str().find("<svg"), std::string::npos);
  EXPECT_EQ(html.str().find("://"), std::string::npos);  // self-contained
  EXPECT_EQ(html.str().find("<script"), std::string::npos);

  std::ostringstream csv;
  RenderUncoveredCsv(plan, csv);
  EXPECT_EQ(csv.str(),
            "account,role,region,tier,rank,workload_hours,potential,whitespace,arr\n"
            "a2,ae,EMEA,B,3,600,2000000,2000000,0\n");
}

}  // namespace
}  // namespace acctseg::coverage
