#include "learn/lift_bins.h"

#include <gtest/gtest.h>

#include <limits>

namespace acctseg::learn {
namespace {

TEST(LiftBins, QuantileEdgesCollapseTies) {
  // Ranks 0, 2, 4, 6, 8 of 10 start the bins: 1, 1, 2, 3, 5 -> 1, 2, 3, 5.
  EXPECT_EQ(QuantileEdges({1, 1, 1, 1, 2, 2, 3, 4, 5, 6}, 5), (std::vector<double>{1, 2, 3, 5}));
  EXPECT_EQ(QuantileEdges({7, 7, 7, 7}, 5), (std::vector<double>{7}));
  Feature heap;  // half the values tie at the maximum: the last bin is that value, and
                 // the bin before it holds only 4
  heap.name = "cycle";
  for (int v = 0; v < 10; ++v) heap.values.push_back(v < 5 ? v : 30);
  AttributeGroups groups = GroupFeature(heap, 5, 30);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"[0, 2)", "[2, 4)", "4", "30"}));
  EXPECT_EQ(groups.kinds[3], GroupKind::kValue);
  EXPECT_TRUE(QuantileEdges({}, 5).empty());
}

// A boolean feature is shown as one: "boolean", false and true, not 0 and 1.
TEST(LiftBins, BooleansAreFalseAndTrue) {
  Feature big = Feature::Numeric("big", {0, 1, 1, 0, std::numeric_limits<double>::quiet_NaN()});
  big.is_boolean = true;
  AttributeGroups groups = GroupFeature(big, 5, 30);
  EXPECT_EQ(groups.description, "boolean");
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"false", "true", "(missing)"}));
}

TEST(LiftBins, ValueFillingABinIsABinOfItsOwn) {
  // 85% zeros: every quantile cut is 0; before, one bin "[0, 10]" of every
  // deal hid what the other 15% do.
  Feature mostly_zero;
  mostly_zero.name = "tickets";
  for (int i = 0; i < 100; ++i) mostly_zero.values.push_back(i < 85 ? 0 : i - 84);
  AttributeGroups groups = GroupFeature(mostly_zero, 5, 30);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"0", "[1, 15]"}));
  EXPECT_EQ(groups.kinds[0], GroupKind::kValue);
  EXPECT_EQ(groups.group_of_row[84], 0);
  EXPECT_EQ(groups.group_of_row[85], 1);
  // Half zeros: the zeros alone, the rest by quantile (ranks 4 and 6 of 8).
  EXPECT_EQ(QuantileEdges({0, 0, 0, 0, 0, 1, 2, 3, 4, 5}, 5), (std::vector<double>{0, 1, 2, 4}));
}

TEST(LiftBins, NumbersByQuantileWithMissing) {
  Feature f;
  f.name = "employees";
  for (int v = 1; v <= 10; ++v) f.values.push_back(v * 10);
  f.values.push_back(std::numeric_limits<double>::quiet_NaN());
  AttributeGroups groups = GroupFeature(f, 5, 30);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"[10, 30)", "[30, 50)", "[50, 70)", "[70, 90)",
                                                     "[90, 100]", "(missing)"}));
  EXPECT_EQ(groups.group_of_row[0], 0);
  EXPECT_EQ(groups.group_of_row[2], 1);  // 30 starts the second bin
  EXPECT_EQ(groups.group_of_row[9], 4);
  EXPECT_EQ(groups.group_of_row[10], 5);
  EXPECT_EQ(groups.description, "numeric, 5 quantile bins");
}

TEST(LiftBins, FewValuesAreTheirOwnRows) {
  Feature f;
  f.name = "flag";
  f.values = {0, 1, 1, 0, 1, 2.5};
  AttributeGroups groups = GroupFeature(f, 5, 30);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"0", "1", "2.5"}));
  EXPECT_EQ(groups.kinds[0], GroupKind::kValue);
  EXPECT_EQ(groups.group_of_row, (std::vector<int32_t>{0, 1, 1, 0, 1, 2}));
}

TEST(LiftBins, DatesAsDates) {
  Feature f;
  f.name = "signed";
  f.is_date = true;
  for (int d = 0; d < 100; ++d) f.values.push_back(19723 + d);  // from 2024-01-01
  AttributeGroups groups = GroupFeature(f, 2, 30);
  EXPECT_EQ(groups.labels,
            (std::vector<std::string>{"[2024-01-01, 2024-02-20)", "[2024-02-20, 2024-04-09]"}));
  EXPECT_EQ(groups.description, "date, 2 quantile bins");
}

TEST(LiftBins, RareCategoriesMerge) {
  Feature f;
  f.name = "industry";
  f.kind = FeatureKind::kCategorical;
  f.categories = {"Mining", "Retail", "Space", "Zoos"};
  for (int r = 0; r < 40; ++r) f.codes.push_back(1);
  for (int r = 0; r < 3; ++r) f.codes.push_back(0);
  for (int r = 0; r < 2; ++r) f.codes.push_back(3);
  f.codes.push_back(-1);
  AttributeGroups groups = GroupFeature(f, 5, 30);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"Retail", "(other: 2 values)", "(missing)"}));
  EXPECT_EQ(groups.kinds[1], GroupKind::kOther);
  EXPECT_EQ(groups.group_of_row[40], 1);
  EXPECT_EQ(groups.group_of_row[45], 2);
  EXPECT_EQ(groups.description, "categorical, 3 values, 2 with fewer than 30 deals merged");
}

}  // namespace
}  // namespace acctseg::learn
