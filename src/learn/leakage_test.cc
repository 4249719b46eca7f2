#include "learn/leakage.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace acctseg::learn {
namespace {

// 380 deals, a third won, and two text columns: the outcome's own label
// (a leak) and a rep's name out of 190, which has nothing to do with it.
LearningFrame RepsAndResults() {
  LearningFrame frame;
  std::vector<std::string> reps, results = {"Lost", "Won"};
  for (int i = 0; i < 190; ++i) reps.push_back("rep" + std::to_string(i));
  std::vector<int32_t> rep_codes, result_codes;
  uint32_t state = 12345;
  for (size_t r = 0; r < 380; ++r) {
    state = state * 1103515245u + 12345u;  // a fixed pseudo-random sequence
    const bool won = (state >> 16) % 3 == 0;
    frame.outcome.push_back(won ? 1 : 0);
    result_codes.push_back(won ? 1 : 0);
    rep_codes.push_back(static_cast<int32_t>((state >> 8) % 190));
  }
  frame.features.push_back(Feature::Categorical("rep", reps, rep_codes));
  frame.features.push_back(Feature::Categorical("result", results, result_codes));
  return frame;
}

TEST(Leakage, ManyRareCategoriesAreNoLeakButTheOutcomesLabelIs) {
  const std::vector<LeakCheck> checks = CheckLeakage(RepsAndResults(), 0.95);
  ASSERT_EQ(checks.size(), 2u);
  // Two deals a rep: scored on the rows they were counted on, the reps'
  // win rates separated the classes with AUC 0.96.
  EXPECT_FALSE(checks[0].flagged) << checks[0].auc;
  EXPECT_LT(checks[0].auc, 0.65);
  EXPECT_TRUE(checks[1].flagged);
  EXPECT_DOUBLE_EQ(checks[1].auc, 1.0);
}

}  // namespace
}  // namespace acctseg::learn
