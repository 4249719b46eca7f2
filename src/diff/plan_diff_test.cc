// Plan diffs on hand-made payloads: territory moves and per-rep deltas,
// capacity rows matched by role and region, kinds that cannot be compared.
#include "diff/plan_diff.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "util/expect_error.h"

namespace acctseg {
namespace {

using Json = nlohmann::ordered_json;

Json Unit(const char* family, const char* rep, double arr) {
  return {{"family", family}, {"role", "ae"},      {"rep", rep},
          {"accounts", 2},    {"potential", 10.0}, {"arr", arr}};
}

TEST(PlanDiffTest, TerritoriesCountWhatChangesRep) {
  Json before = {{"kind", "territories"},
                 {"units", {Unit("F1", "R1", 100), Unit("F2", "R1", 50), Unit("F3", "R2", 5)}},
                 {"reps",
                  {{{"rep", "R1"}, {"role", "ae"}, {"accounts", 4}, {"arr", 150.0}},
                   {{"rep", "R2"}, {"role", "ae"}, {"accounts", 2}, {"arr", 5.0}}}}};
  Json after = {{"kind", "territories"},
                {"units", {Unit("F1", "R1", 100), Unit("F2", "R2", 50), Unit("F4", "R2", 1)}},
                {"reps",
                 {{{"rep", "R1"}, {"role", "ae"}, {"accounts", 2}, {"arr", 100.0}},
                  {{"rep", "R2"}, {"role", "ae"}, {"accounts", 4}, {"arr", 51.0}}}}};
  Json diff = DiffPlanJson(before, after);
  EXPECT_EQ(diff["changed"]["units"], 1);
  EXPECT_EQ(diff["changed"]["accounts"], 2.0);
  EXPECT_EQ(diff["changed"]["arr"], 50.0);
  EXPECT_EQ(diff["units_added"], 1);    // F4
  EXPECT_EQ(diff["units_removed"], 1);  // F3
  ASSERT_EQ(diff["moves"].size(), 1u);
  EXPECT_EQ(diff["moves"][0]["family"], "F2");
  EXPECT_EQ(diff["moves"][0]["from"], "R1");
  EXPECT_EQ(diff["moves"][0]["to"], "R2");
  ASSERT_EQ(diff["reps"].size(), 2u);
  EXPECT_EQ(diff["reps"][0]["rep"], "R1");
  EXPECT_EQ(diff["reps"][0]["arr"]["change"], -50.0);
  EXPECT_EQ(diff["reps"][1]["accounts"]["after"], 4);
}

// Units of accounts without a family all have family "": matched by their
// account, not taken for one unit (the second was dropped, its move lost).
TEST(PlanDiffTest, UnitsWithoutAFamilyAreMatchedByAccount) {
  auto lone = [](const char* account, const char* rep) {
    Json unit = Unit("", rep, 10);
    unit["account"] = account;
    return unit;
  };
  Json before = {{"kind", "territories"}, {"units", {lone("A", "R1"), lone("B", "R1")}}};
  Json after = {{"kind", "territories"}, {"units", {lone("A", "R1"), lone("B", "R2")}}};
  Json diff = DiffPlanJson(before, after);
  EXPECT_EQ(diff["units_added"], 0);
  ASSERT_EQ(diff["moves"].size(), 1u);
  EXPECT_EQ(diff["moves"][0]["family"], "");
  EXPECT_EQ(diff["moves"][0]["account"], "B");
  EXPECT_EQ(diff["moves"][0]["to"], "R2");
}

TEST(PlanDiffTest, CapacityRowsByRoleAndRegion) {
  Json before = {{"kind", "capacity"},
                 {"rows",
                  {{{"role", "ae"}, {"region", "East"}, {"headcount_needed", 3.5}},
                   {{"role", "ae"}, {"region", "West"}, {"headcount_needed", 2.0}}}},
                 {"roles", {{{"role", "ae"}, {"headcount_needed", 5.5}}}}};
  Json after = {{"kind", "capacity"},
                {"rows",
                 {{{"role", "ae"}, {"region", "East"}, {"headcount_needed", 4.0}},
                  {{"role", "csm"}, {"region", "East"}, {"headcount_needed", 1.0}}}},
                {"roles", {{{"role", "ae"}, {"headcount_needed", 4.0}}}}};
  Json diff = DiffPlanJson(before, after);
  ASSERT_EQ(diff["rows"].size(), 3u);
  EXPECT_EQ(diff["rows"][0]["region"], "East");
  EXPECT_EQ(diff["rows"][0]["status"], "both");
  EXPECT_EQ(diff["rows"][0]["headcount_needed"]["change"], 0.5);
  EXPECT_EQ(diff["rows"][1]["status"], "removed");  // ae West
  EXPECT_TRUE(diff["rows"][1]["headcount_needed"]["after"].is_null());
  EXPECT_EQ(diff["rows"][2]["status"], "added");  // csm East
  EXPECT_EQ(diff["roles"][0]["headcount_needed"]["change"], -1.5);
}

TEST(PlanDiffTest, KindsMustMatch) {
  testing::ExpectError(ErrorKind::kUsage, "cannot compare a capacity plan with a territories", [] {
    DiffPlanJson({{"kind", "capacity"}}, {{"kind", "territories"}});
  });
  testing::ExpectError(ErrorKind::kUsage, "expected territories or capacity", [] {
    DiffPlanJson({{"kind", "x"}}, {{"kind", "x"}});
  });
}

}  // namespace
}  // namespace acctseg
