// Row-local re-runs of the steps that read through the family
// (universe_family_reads.h), on the seed policy, whose segment is
// FAMILY_MAX(own_segment) unless the top is public: an update that leaves
// the family's maximum where it was re-runs its own row alone, whatever the
// family's size; one that moves it re-runs the family. Every case is
// checked against a batch run, explanations (the supplying member) too.
#include "live/universe_family_reads.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "util/seed_universe.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

class FamilyReadsTest : public testing::SeedUniverseTest {
 protected:
  void SetUp() override { LoadFamily(testing::kSeedPolicyPath); }

  void LoadFamily(const std::string& policy_path) {
    // F0 tops a family of six: F1 and F4 Enterprise (F1 first in row
    // order, so it supplies FAMILY_MAX), F2 Commercial, the rest SMB; F5
    // hangs under F2. The S accounts stand alone.
    std::ostringstream rows;
    const char* family[][3] = {{"F0", "", "100"},  {"F1", "F0", "5000"}, {"F2", "F0", "900"},
                               {"F3", "F0", "50"}, {"F4", "F0", "6000"}, {"F5", "F2", "40"}};
    for (const auto& [id, parent, employees] : family)
      rows << id << "," << parent << "," << employees
           << ",Software,US,CA,private,1000,CORE,10,5,40,\n";
    for (int i = 0; i < 30; ++i)
      rows << "S" << i << ",," << 100 + i * 300 << ",Retail,US,NY,private," << 500 * i << ",CORE,"
           << i % 60 << "," << i << "," << i * 3 % 100 << ",\n";
    Load(rows.str(), policy_path);
    explanations_ = true;
  }

  std::string Segment(const std::string& id) {
    return (*live_->Account(id))["segment"].get<std::string>();
  }
  // Loads the family under the seed policy with `steps` (YAML) before its
  // tier step and `output` added to its output columns.
  void LoadFamilyWith(const std::string& steps, const std::string& output) {
    std::string policy = testing::FileText(testing::kSeedPolicyPath);
    const std::string tier_step = "  - tier:", issues = "missing_products, issues]";
    ASSERT_NE(policy.find(tier_step), std::string::npos);
    ASSERT_NE(policy.find(issues), std::string::npos);
    policy.insert(policy.find(tier_step), steps + "\n");
    policy.replace(policy.find(issues), issues.size(), "missing_products, issues, " + output + "]");
    const std::string seed_dir = std::string(ACCTSEG_SOURCE_DIR) + "/examples/seed-policy/";
    std::ofstream(dir_.File("policy.yaml")) << policy;
    std::ofstream(dir_.File("regions.csv")) << testing::FileText(seed_dir + "regions.csv");
    LoadFamily(dir_.File("policy.yaml"));
  }

  // Who the explanation of `id`'s segment names as FAMILY_MAX's source.
  std::string MaxFrom(const std::string& id) {
    std::string text = live_->Explain(id)->dump();
    size_t at = text.find("\"from\":\"");
    return at == std::string::npos ? "" : text.substr(at + 8, text.find('"', at + 8) - at - 8);
  }
};

TEST(FamilyLevelTest, AStepIsTheFamilysAloneWhenItReadsOnlyThroughGlobalAndFamilyAggregates) {
  auto plan = Plan::CompileFile(testing::kSeedPolicyPath);
  std::map<std::string, bool> family_level;
  for (const auto& step : plan->steps())
    family_level[step->outputs().empty() ? step->kind() : step->outputs().front()] =
        FamilyReads::FamilyLevel(*step);
  // global_id: global.account_id; segment: global.own_segment and FAMILY_MAX(own_segment).
  EXPECT_TRUE(family_level.at("global_id"));
  // The row's own columns: employees, sector; country; the tier's ranks.
  EXPECT_FALSE(family_level.at("own_segment"));
  EXPECT_FALSE(family_level.at("region"));
  EXPECT_FALSE(family_level.at("tier"));
  EXPECT_FALSE(family_level.at("family"));
}

TEST_F(FamilyReadsTest, TheStartingPoint) {
  EXPECT_EQ(Segment("F3"), "Enterprise");
  EXPECT_EQ(MaxFrom("F3"), "F1");
  ExpectSameAsBatch();
}

TEST_F(FamilyReadsTest, AMemberBelowTheMaximumReRunsItsRowAlone) {
  // F3: SMB -> Commercial, below Enterprise: the family's segment stands.
  ApplyResult result = Update("F3", {{"employees", 2000}});
  EXPECT_EQ(result.rows_recomputed, 1u);
  EXPECT_EQ(Segment("F0"), "Enterprise");
}

TEST_F(FamilyReadsTest, LoweringTheHolderFindsTheNextHolderOfATie) {
  // F1 held the maximum; F4 is Enterprise too: the value stays, F4 supplies it.
  ApplyResult result = Update("F1", {{"employees", 10}});
  EXPECT_EQ(result.rows_recomputed, 1u);
  EXPECT_EQ(MaxFrom("F0"), "F4");
  EXPECT_EQ(Segment("F5"), "Enterprise");
}

TEST_F(FamilyReadsTest, RaisingAnEarlierMemberToATieTakesOverAsSupplier) {
  // F2 comes before F4 and after F1: a tie with F1 keeps F1 ...
  EXPECT_EQ(Update("F2", {{"employees", 7000}}).rows_recomputed, 1u);
  EXPECT_EQ(MaxFrom("F0"), "F1");
  // ... and once F1 is lowered, F2 (before F4) supplies the maximum.
  EXPECT_EQ(Update("F1", {{"employees", 10}}).rows_recomputed, 1u);
  EXPECT_EQ(MaxFrom("F0"), "F2");
}

TEST_F(FamilyReadsTest, LoweringTheLastHolderReRunsTheFamily) {
  EXPECT_EQ(Update("F1", {{"employees", 10}}).rows_recomputed, 1u);
  ApplyResult result = Update("F4", {{"employees", 10}});  // now Commercial (F2)
  EXPECT_GE(result.rows_recomputed, 6u);
  EXPECT_EQ(Segment("F5"), "Commercial");
  EXPECT_EQ(MaxFrom("F0"), "F2");
}

TEST_F(FamilyReadsTest, RaisingTheMaximumReRunsTheFamily) {
  Update("F1", {{"employees", 10}});
  Update("F4", {{"employees", 10}});
  ApplyResult result = Update("F5", {{"employees", 9000}});  // Enterprise again, from F5
  EXPECT_GE(result.rows_recomputed, 6u);
  EXPECT_EQ(Segment("F3"), "Enterprise");
  EXPECT_EQ(MaxFrom("F3"), "F5");
}

TEST_F(FamilyReadsTest, TheTopsOwnSegmentIsReadByItsFamily) {
  // global.own_segment: a public top's segment is the family's.
  ApplyResult result = Update("F0", {{"sector", "federal"}});
  EXPECT_GE(result.rows_recomputed, 6u);
  EXPECT_EQ(Segment("F4"), "FED");
  // An update of a member's sector changes its own segment only.
  EXPECT_EQ(Update("F3", {{"sector", "federal"}}).rows_recomputed, 1u);
  EXPECT_EQ(Segment("F3"), "FED");
}

TEST_F(FamilyReadsTest, TheTopsOwnSegmentMovingUnderTheMaximumReRunsItsRowAlone) {
  // F0 reads its own segment into the family's (global.own_segment), but
  // Enterprise stays the family's maximum: the segment, the family's alone,
  // is what it was, and no member need re-run. F0, first in row order,
  // supplies the maximum now.
  ApplyResult result = Update("F0", {{"employees", 9000}});
  EXPECT_EQ(result.rows_recomputed, 1u);
  EXPECT_EQ(MaxFrom("F3"), "F0");
  EXPECT_EQ(Update("F0", {{"employees", 100}}).rows_recomputed, 1u);
  EXPECT_EQ(MaxFrom("F3"), "F1");
}

TEST_F(FamilyReadsTest, AFamilyLevelStepWhoseRuleMovesReRunsTheFamily) {
  // A classify of the family's top alone, whose first two rules give the
  // same value: F0 moving from the first to the second changes no value,
  // but every member's explanation (the rule that fired).
  LoadFamilyWith(
      "  - classify:\n"
      "      output: family_band\n"
      "      rules:\n"
      "        - {when: global.employees >= 1000, then: large}\n"
      "        - {when: global.employees >= 50, then: large}\n"
      "        - else: small\n",
      "family_band");
  EXPECT_EQ(Update("F0", {{"employees", 2000}}).rows_recomputed, 6u);  // the first rule now
  EXPECT_EQ(Update("F0", {{"employees", 3000}}).rows_recomputed, 1u);  // the same rule
  EXPECT_EQ(Update("F0", {{"employees", 60}}).rows_recomputed, 6u);    // the second again
  EXPECT_EQ(Update("F0", {{"employees", 10}}).rows_recomputed, 6u);    // "small"
}

TEST_F(FamilyReadsTest, AFamilyLevelNumberThatMovesChangesEveryMember) {
  // FAMILY_SUM(arr), the family's alone: a member's arr moves it for all
  // six, each counted as changed by its number, not its text.
  LoadFamilyWith("  - compute:\n      family_arr: FAMILY_SUM(arr)\n", "family_arr");
  ApplyResult result = Update("F3", {{"arr", 4000}});
  EXPECT_EQ(result.rows_recomputed, 6u);
  EXPECT_EQ(result.accounts_changed, 6u);
  EXPECT_EQ(result.changed, (std::vector<std::string>{"whitespace", "family_arr"}));
  EXPECT_EQ((*live_->Account("F5"))["family_arr"], 9000);
}

TEST_F(FamilyReadsTest, AnAccountAloneIsItsOwnFamily) {
  ApplyResult result = Update("S2", {{"employees", 9000}});  // SMB -> Enterprise
  EXPECT_EQ(Segment("S2"), "Enterprise");
  // Its row, and the rows whose tier its move changes: no family.
  EXPECT_LT(result.rows_recomputed, 10u);
}

TEST_F(FamilyReadsTest, ParentLinksAndRemovesKeepTheFamiliesExact) {
  // F5 leaves the family (its own now), then its updates are its own.
  Update("F5", {{"parent_id", ""}});
  EXPECT_EQ(Update("F5", {{"employees", 9000}}).rows_recomputed < 6u, true);
  // F4 joins S3; F1 (the holder) is removed: F0's family re-folds.
  Update("F4", {{"parent_id", "S3"}});
  LiveEvent remove;
  remove.op = LiveEvent::Op::kRemove;
  remove.account_id = "F1";
  live_->Apply(remove);
  ExpectSameAsBatch();
  EXPECT_EQ(Segment("F0"), "Commercial");
  EXPECT_EQ(Segment("S3"), "Enterprise");
  // And a member below the maximum still re-runs alone.
  EXPECT_EQ(Update("F3", {{"employees", 600}}).rows_recomputed, 1u);
}

}  // namespace
}  // namespace acctseg
