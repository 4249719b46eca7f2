#include "common/did_you_mean.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

TEST(DidYouMean, SuggestsTheClosestCandidate) {
  std::vector<std::string> columns = {"employees", "revenue", "country"};
  EXPECT_EQ(DidYouMean("employes", columns), " (did you mean \"employees\"?)");
  EXPECT_EQ(DidYouMean("LOWR", {"LOWER", "UPPER"}, SuggestionStyle::kBare),
            " (did you mean LOWER?)");
}

TEST(DidYouMean, SaysNothingWhenNothingIsClose) {
  EXPECT_EQ(DidYouMean("industry", {"employees", "revenue"}), "");
  EXPECT_EQ(DidYouMean("x", {}), "");
}

TEST(DidYouMean, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(ClosestMatch("cat", {"bat", "car"}), "bat");
  EXPECT_EQ(ClosestMatch("cat", {"car", "bat"}), "car");
}

}  // namespace
}  // namespace acctseg
