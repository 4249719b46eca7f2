// PlanRowLocalRerun on the seed policy: which steps a changed column
// reaches, and when the family must be re-run instead.
#include "live/universe_reruns.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

class RowLocalRerunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plan_ = Plan::CompileFile(std::string(ACCTSEG_SOURCE_DIR) +
                              "/examples/seed-policy/policy.yaml");
  }

  int Slot(const std::string& input) const {
    const auto& columns = plan_->input_columns();
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == input) return static_cast<int>(i);
    ADD_FAILURE() << "no input " << input;
    return -1;
  }

  // The kinds and labels of the steps re-run, "-" when the family is.
  std::string Rerun(const std::vector<std::string>& changed) const {
    std::vector<int> slots;
    for (const auto& name : changed) slots.push_back(Slot(name));
    auto rerun = PlanRowLocalRerun(*plan_, slots);
    if (!rerun) return "-";
    std::string steps;
    for (size_t s = 0; s < rerun->steps.size(); ++s)
      if (rerun->steps[s]) steps += std::string(steps.empty() ? "" : " ") + plan_->steps()[s]->kind();
    return steps;
  }

  std::unique_ptr<Plan> plan_;
};

TEST_F(RowLocalRerunTest, ScoreInputsReachTheScoreAndTheTierOnly) {
  EXPECT_EQ(Rerun({"intent_score"}), "score tier");
  EXPECT_EQ(Rerun({"web_visits_90d", "active_users"}), "score tier");
  // industry also feeds the potential (the last compute step).
  EXPECT_EQ(Rerun({"industry"}), "score tier compute");
  EXPECT_EQ(Rerun({"arr"}), "compute");
  EXPECT_EQ(Rerun({"country"}), "lookup classify");
}

TEST_F(RowLocalRerunTest, WhatTheFamilyReadsReRunsTheFamily) {
  // employees decides own_segment, which FAMILY_MAX and global. read.
  EXPECT_EQ(Rerun({"employees"}), "-");
  EXPECT_EQ(Rerun({"sector"}), "-");
  EXPECT_EQ(Rerun({"intent_score", "sector"}), "-");
}

TEST_F(RowLocalRerunTest, KeptIssueBitsAreThoseOfTheStepsNotReRun) {
  auto rerun = PlanRowLocalRerun(*plan_, {Slot("intent_score")});
  ASSERT_TRUE(rerun);
  const auto& codes = plan_->issue_codes();
  for (size_t bit = 0; bit < codes.size(); ++bit)
    EXPECT_TRUE(rerun->kept_issues >> bit & 1) << codes[bit];  // score and tier set none
  // The tier reads the segment, computed by a step not re-run: copied in.
  EXPECT_TRUE(std::count(rerun->prefill.begin(), rerun->prefill.end(), true) >= 1);
}

}  // namespace
}  // namespace acctseg
