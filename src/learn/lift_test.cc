#include "learn/lift.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"
#include "learn/folds.h"
#include "learn/lift_render.h"
#include "util/expect_error.h"

namespace acctseg::learn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Uniform(uint64_t& state) {
  return static_cast<double>(NextRandom(state) >> 11) / 9007199254740992.0;
}

// 4,000 deals: segment "hot" (a quarter) wins 40%, the rest 20%, and its
// won amounts are twice as large; "noise" is a number unrelated to winning.
LearningFrame PlantedFrame() {
  LearningFrame frame;
  frame.outcome_name = "won";
  frame.amount_name = "amount";
  uint64_t state = 42;
  std::vector<int32_t> segment;
  std::vector<double> noise;
  for (int r = 0; r < 4000; ++r) {
    int32_t s = static_cast<int32_t>(RandomBelow(state, 4));  // 0 = hot
    bool won = Uniform(state) < (s == 0 ? 0.4 : 0.2);
    segment.push_back(s);
    noise.push_back(std::floor(Uniform(state) * 1000));
    frame.outcome.push_back(won);
    frame.amount.push_back((s == 0 ? 2000 : 1000) * (0.5 + Uniform(state)));
  }
  frame.features.push_back(
      Feature::Categorical("segment", {"hot", "mild", "cold", "flat"}, segment));
  frame.features.push_back(Feature::Numeric("noise", noise));
  return frame;
}

// No effect anywhere: 10 random attributes and a random outcome.
LearningFrame NullFrame() {
  LearningFrame frame;
  frame.outcome_name = "won";
  uint64_t state = 7;
  for (int r = 0; r < 3000; ++r) frame.outcome.push_back(Uniform(state) < 0.25);
  for (int f = 0; f < 10; ++f) {
    std::vector<double> values;
    for (int r = 0; r < 3000; ++r) values.push_back(Uniform(state));
    frame.features.push_back(Feature::Numeric("x" + std::to_string(f), values));
  }
  return frame;
}

TEST(Lift, FindsAPlantedEffect) {
  LiftReport report = ComputeLift(PlantedFrame(), {});
  ASSERT_EQ(report.attributes.size(), 2u);
  const LiftAttribute& segment = report.attributes[0];  // strongest first
  EXPECT_EQ(segment.name, "segment");
  const LiftRow& hot = segment.rows[0];  // rows in the frame's category order
  EXPECT_EQ(hot.label, "hot");
  EXPECT_TRUE(hot.significant);
  EXPECT_GT(hot.lift_ci.low, 1.3);
  EXPECT_LT(hot.q, 0.001);
  ASSERT_TRUE(hot.amount);
  EXPECT_TRUE(hot.amount->significant);
  EXPECT_GT(hot.amount->ratio_ci.low, 1.3);
  EXPECT_EQ(report.tests, 4u + 5u);
  const LiftAttribute& noise = report.attributes[1];
  EXPECT_EQ(noise.description, "numeric, 5 quantile bins");
  for (const LiftRow& row : noise.rows) EXPECT_FALSE(row.significant) << row.label;
  std::vector<LiftFinding> top = TopFindings(report, 0, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].row, &hot);
  // The page's cells escape a p or q under 0.001 as the findings do.
  std::ostringstream html;
  RenderLiftHtml(report, html);
  EXPECT_EQ(html.str().find("<td>< 0.001"), std::string::npos);
  EXPECT_NE(html.str().find("<td>&lt; 0.001"), std::string::npos);
}

TEST(Lift, NothingIsSignificantWithoutAnEffect) {
  LiftReport report = ComputeLift(NullFrame(), {});
  EXPECT_EQ(report.tests, 50u);
  size_t raw = 0;
  for (const LiftAttribute& a : report.attributes)
    for (const LiftRow& row : a.rows) {
      EXPECT_FALSE(row.significant) << a.name << " " << row.label << " q=" << row.q;
      raw += row.p < 0.05;
    }
  EXPECT_TRUE(TopFindings(report, 0, 5).empty());
  EXPECT_LT(raw, 10u);  // some raw p < 0.05 by chance, none after correction
}

TEST(Lift, SmallBinsGetANoteNotAnInterval) {
  LearningFrame frame;
  frame.outcome_name = "won";
  std::vector<int32_t> codes;
  for (int r = 0; r < 200; ++r) {
    codes.push_back(r < 10 ? 1 : r < 15 ? -1 : 0);  // 10 "rare", 5 missing
    frame.outcome.push_back(r % 3 == 0);
  }
  frame.features.push_back(Feature::Categorical("kind", {"common", "rare"}, codes));
  LiftReport report = ComputeLift(frame, {});
  const std::vector<LiftRow>& rows = report.attributes[0].rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].label, "rare");  // one rare category keeps its name
  EXPECT_FALSE(rows[1].tested);
  EXPECT_EQ(rows[1].note, "10 deals, fewer than 30");
  EXPECT_EQ(rows[2].label, "(missing)");
  EXPECT_EQ(rows[2].kind, GroupKind::kMissing);
  EXPECT_EQ(report.tests, 1u);
}

// A row with deals enough but few won deals with an amount: its mean has
// no interval or test, and the note says why.
TEST(Lift, FewWonValuesGetANote) {
  LearningFrame frame;
  frame.outcome_name = "won";
  frame.amount_name = "amount";
  frame.cycle_name = "days";
  std::vector<int32_t> codes;
  for (int r = 0; r < 400; ++r) {
    bool rare = r < 48;  // 48 deals, 12 won
    codes.push_back(rare ? 1 : 0);
    frame.outcome.push_back(rare ? r % 4 == 0 : r % 2 == 0);
    frame.amount.push_back(100 + r % 7);
    frame.cycle_days.push_back(10 + r % 5);
  }
  frame.features.push_back(Feature::Categorical("kind", {"common", "rare"}, codes));
  LiftReport report = ComputeLift(frame, {});
  const LiftRow& rare = report.attributes[0].rows[1];
  EXPECT_TRUE(rare.tested);
  EXPECT_FALSE(rare.amount->tested);
  EXPECT_EQ(rare.note, "12 won deals with a value, fewer than 30 (amount, cycle)");
  EXPECT_EQ(report.attributes[0].rows[0].note, "");
}

TEST(Lift, BadInput) {
  LearningFrame frame = PlantedFrame();
  LiftOptions by;
  by.by = {"segmnt"};
  try {
    ComputeLift(frame, by);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("did you mean \"segment\""), std::string::npos)
        << e.what();
  }
  // A column of the run that the frame left out: the message says why.
  frame.not_features["closed_days"] = "it is declared post_outcome: true";
  by.by = {"closed_days"};
  testing::ExpectError(ErrorKind::kUsage,
                       "--by: \"closed_days\" is not a feature: it is declared post_outcome: true",
                       [&] { ComputeLift(frame, by); });
  LiftOptions bins;
  bins.bins = 1;
  EXPECT_THROW(ComputeLift(frame, bins), Error);
  for (double& a : frame.amount) a = kNaN;
  try {
    ComputeLift(frame, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no value on any won deal"), std::string::npos);
  }
}

TEST(Lift, JsonShape) {
  LiftOptions options;
  options.by = {"segment"};
  std::ostringstream out;
  RenderLiftJson(ComputeLift(PlantedFrame(), options), out);
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["outcome"], "won");
  EXPECT_EQ(j["deals"], 4000);
  EXPECT_EQ(j["correction"], "benjamini-hochberg");
  EXPECT_EQ(j["tests"], 4);
  ASSERT_EQ(j["attributes"].size(), 1u);
  const nlohmann::json& row = j["attributes"][0]["rows"][0];
  for (const char* key : {"value", "kind", "deals", "wins", "win_rate", "win_rate_ci", "lift",
                          "lift_ci", "p", "q", "significant", "amount"})
    EXPECT_TRUE(row.contains(key)) << key;
  EXPECT_EQ(row["lift_ci"].size(), 2u);
  EXPECT_EQ(j["amount"]["column"], "amount");
}

TEST(Lift, CsvHeaderAndText) {
  LiftReport report = ComputeLift(PlantedFrame(), {});
  std::ostringstream csv, text;
  RenderLiftCsv(report, csv);
  std::string header = csv.str().substr(0, csv.str().find('\n'));
  EXPECT_EQ(header,
            "attribute,kind,value,deals,wins,win_rate,win_rate_low,win_rate_high,lift,lift_low,"
            "lift_high,p,q,significant,note,amount_n,amount_mean,amount_mean_low,amount_mean_high,"
            "amount_difference,amount_ratio,amount_ratio_low,amount_ratio_high,amount_p,amount_q,"
            "amount_significant");
  RenderLiftText(report, text);
  EXPECT_NE(text.str().find("1. segment = hot: win rate "), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("nan"), std::string::npos);
}

// Refunds: won amounts around -20, and around -50 for "east". A ratio of
// two negative means (2.3) would call east's lower mean "134% higher", so
// every renderer states the difference and no ratio.
TEST(Lift, NegativeMeansAreADifferenceNotARatio) {
  LearningFrame frame;
  frame.outcome_name = "won";
  frame.amount_name = "amount";
  uint64_t state = 5;
  std::vector<int32_t> region;
  for (int r = 0; r < 2000; ++r) {
    int32_t east = r % 4 == 0 ? 0 : 1;
    region.push_back(east);
    frame.outcome.push_back(r % 3 == 0);  // a third of each region won
    frame.amount.push_back((east == 0 ? -50 : -10) + 10 * Uniform(state));
  }
  frame.features.push_back(Feature::Categorical("region", {"east", "west"}, region));
  LiftReport report = ComputeLift(frame, {});
  const MeasureCell& east = *report.attributes[0].rows[0].amount;
  ASSERT_TRUE(east.significant);
  EXPECT_TRUE(std::isnan(east.ratio));
  EXPECT_FALSE(east.ratio_ci_known);
  EXPECT_LT(east.difference, -20);
  std::vector<LiftFinding> top = TopFindings(report, 1, 5);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].row, &report.attributes[0].rows[0]);

  std::ostringstream text, csv, json, html;
  RenderLiftText(report, text);
  RenderLiftCsv(report, csv);
  RenderLiftJson(report, json);
  RenderLiftHtml(report, html);
  for (const std::string& out : {text.str(), html.str()}) {
    EXPECT_EQ(out.find("higher than overall"), std::string::npos) << out;
    EXPECT_EQ(out.find("lower than overall"), std::string::npos) << out;
    EXPECT_EQ(out.find("; ratio"), std::string::npos) << out;
    EXPECT_NE(out.find("region = east: average won amount -4"), std::string::npos) << out;
    EXPECT_NE(out.find("(difference -"), std::string::npos) << out;
    EXPECT_NE(out.find("diff -"), std::string::npos) << out;  // the table's "x overall"
  }
  nlohmann::json j = nlohmann::json::parse(json.str());
  const nlohmann::json& cell = j["attributes"][0]["rows"][0]["amount"];
  EXPECT_TRUE(cell["ratio"].is_null());
  EXPECT_TRUE(cell["ratio_ci"].is_null());
  EXPECT_LT(cell["difference"].get<double>(), -20);
  std::string east_line = csv.str().substr(csv.str().find("\nregion,value,east,") + 1);
  east_line = east_line.substr(0, east_line.find('\n'));
  // The difference, then an empty ratio and ratio interval.
  EXPECT_NE(east_line.find(",,,,"), std::string::npos) << east_line;
}

}  // namespace
}  // namespace acctseg::learn
