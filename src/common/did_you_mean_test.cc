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

// A shortened name finds its longer form, which shares its last word,
// before a short name of about the same letters; not when two share it.
TEST(DidYouMean, SuggestsTheNameItShortens) {
  EXPECT_EQ(ClosestMatch("touchpoint.title", {"touchpoint.type", "touchpoint.contact_title"}),
            "touchpoint.contact_title");
  EXPECT_EQ(ClosestMatch("title", {"type", "contact_title"}), "contact_title");
  EXPECT_EQ(ClosestMatch("title", {"type", "contact_title", "job_title"}), "");
  EXPECT_EQ(ClosestMatch("touchpoint.title", {"touchpoint.type", "lead.contact_title"}),
            "touchpoint.type");
  // A one-letter slip is still the better guess.
  EXPECT_EQ(ClosestMatch("region", {"regions", "sales_region"}), "regions");
}

// The same name in another case beats any other one-letter difference.
TEST(DidYouMean, TheSameNameInAnotherCaseComesFirst) {
  EXPECT_EQ(ClosestMatch("S", {"d", "s"}), "s");
  EXPECT_EQ(ClosestMatch("Employees", {"employers", "employees"}), "employees");
}

TEST(DidYouMean, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(ClosestMatch("cat", {"bat", "car"}), "bat");
  EXPECT_EQ(ClosestMatch("cat", {"car", "bat"}), "car");
}

}  // namespace
}  // namespace acctseg
