// Row-local re-runs (universe_reruns.h) on the seed policy: an update whose
// changed values no family step reads re-runs the account's row alone; one
// that changes what the family reads re-runs the family; both exact.
#include "live/universe_reruns.h"

#include <gtest/gtest.h>

#include <sstream>

#include "util/seed_universe.h"

namespace acctseg {
namespace {

class RowLocalRerunTest : public testing::SeedUniverseTest {
 protected:
  void SetUp() override {
    // A0 heads a family of three; the rest stand alone.
    std::ostringstream rows;
    for (int i = 0; i < 40; ++i)
      rows << "A" << i << "," << (i == 1 || i == 2 ? "A0" : "") << "," << 100 + i * 37
           << ",Software,US,CA,private," << 1000 * i << ",CORE," << i % 60 << "," << i * 3 << ","
           << i % 100 << ",\n";
    Load(rows.str());
  }
};

TEST_F(RowLocalRerunTest, TheSeedPolicyCanBeFollowedRowByRow) {
  EXPECT_TRUE(CanRerunRowLocally(*plan_));
}

TEST_F(RowLocalRerunTest, AChangeNoFamilyStepReadsReRunsTheRowAlone) {
  // 137 -> 300 employees: still SMB, so the family's segment stands; the
  // potential (read by no family step) changes on A1's row only.
  ApplyResult result = Update("A1", {{"employees", 300}});
  EXPECT_EQ(result.rows_recomputed, 1u);
  EXPECT_EQ(result.changed, (std::vector<std::string>{"potential", "whitespace"}));
  EXPECT_EQ(Update("A1", {{"arr", 5}}).rows_recomputed, 1u);
}

TEST_F(RowLocalRerunTest, AChangeTheFamilyReadsReRunsTheFamily) {
  // Enterprise now: FAMILY_MAX(own_segment) makes the whole family Enterprise.
  ApplyResult result = Update("A1", {{"employees", 5000}});
  EXPECT_GE(result.rows_recomputed, 3u);
  EXPECT_EQ(*live_->Account("A2")->find("segment"), "Enterprise");
  // The top's own segment is the family's (global.own_segment) ...
  EXPECT_GE(Update("A0", {{"sector", "federal"}}).rows_recomputed, 3u);
  EXPECT_EQ(*live_->Account("A2")->find("segment"), "FED");
  // ... a member's is not: its row alone (universe_family_reads.h).
  EXPECT_EQ(Update("A2", {{"sector", "federal"}}).rows_recomputed, 1u);
}

TEST(RowLocalRerun, IssueCodesSharedByTwoStepsKeepTheFamilyPath) {
  testing::TempDir dir;
  std::ofstream(dir.File("policy.yaml")) << R"(policy: shared
input:
  name: accounts
  key: id
  columns: {id: string, n: integer}
steps:
  - classify:
      output: a
      rules: [{when: n > 1, then: big}, {else: small, issue: odd}]
  - classify:
      output: b
      rules: [{when: n > 2, then: big}, {else: small, issue: odd}]
output:
  columns: [id, a, b, issues]
)";
  EXPECT_FALSE(CanRerunRowLocally(*Plan::CompileFile(dir.File("policy.yaml"))));
}

}  // namespace
}  // namespace acctseg
