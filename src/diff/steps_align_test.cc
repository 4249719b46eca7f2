// The side-by-side steps of a moved account: paired by label, and marked as
// differing only where the outputs or the summaries do, not where the two
// policies' files or line numbers do.
#include <gtest/gtest.h>

#include "diff/render_internal.h"

namespace acctseg {
namespace {

nlohmann::json Explanation(const std::string& file, const std::string& region_rule) {
  return {{"steps",
           {{{"label", "classify own_segment (" + file + ":45:5)"},
             {"summary", "own_segment = 'SMB': rule 5 (" + file + ":53:11) when employees >= 1"},
             {"outputs", {{"own_segment", "SMB"}}}},
            {{"label", "classify region (" + file + ":74:5)"},
             {"summary", "region = 'UKMEA': rule " + region_rule + " (" + file +
                             ":83:11) when table_region IS NOT NULL (issue none)"},
             {"outputs", {{"region", "UKMEA"}}}}}}};
}

TEST(AlignSteps, PlacesInThePolicyAreNoDifference) {
  MovedAccount account;
  account.explanation_before = Explanation("policy.yaml", "4");
  account.explanation_after = Explanation("edited.yaml", "4");
  std::vector<StepPair> pairs = AlignSteps(account);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_FALSE(pairs[0].differs);
  EXPECT_FALSE(pairs[1].differs);
  // Another rule is a difference, and so is any other parenthesis.
  account.explanation_after = Explanation("edited.yaml", "3");
  EXPECT_TRUE(AlignSteps(account)[1].differs);
  account.explanation_after = Explanation("edited.yaml", "4");
  account.explanation_after["steps"][1]["summary"] =
      "region = 'UKMEA': rule 4 (edited.yaml:83:11) when table_region IS NOT NULL (issue x)";
  EXPECT_TRUE(AlignSteps(account)[1].differs);
  // A time in parentheses is no place in a file.
  account.explanation_after = Explanation("edited.yaml", "4");
  account.explanation_before["steps"][0]["summary"] = "own_segment = 'SMB' (since 12:30)";
  account.explanation_after["steps"][0]["summary"] = "own_segment = 'SMB' (since 12:45)";
  EXPECT_TRUE(AlignSteps(account)[0].differs);
}

}  // namespace
}  // namespace acctseg
