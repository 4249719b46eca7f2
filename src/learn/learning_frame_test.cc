// The learning frame, folds and metrics every learner shares.
#include "learn/learning_frame.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "learn/folds.h"
#include "learn/metrics.h"
#include "util/expect_error.h"

namespace acctseg::learn {
namespace {

using testing::ExpectError;

std::shared_ptr<const Column> Strings(const std::vector<const char*>& values) {
  auto column = std::make_shared<Column>(Column::Make(DataType::String(), values.size(), true));
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == nullptr)
      column->nulls.Set(i, true);
    else
      column->codes.Set(i, dictionary->Intern(values[i]));
  }
  column->dictionary = dictionary;
  return column;
}

std::shared_ptr<const Column> Ints(DataType type, const std::vector<int64_t>& values,
                                   int64_t null_value = INT64_MIN) {
  auto column = std::make_shared<Column>(Column::Make(type, values.size(), true));
  for (size_t i = 0; i < values.size(); ++i) {
    column->ints.Set(i, values[i]);
    column->nulls.Set(i, values[i] == null_value);
  }
  return column;
}

std::vector<NamedColumn> Deals() {
  return {{"id", Strings({"a", "b", "c", "d", "e"})},
          {"stage", Strings({"Won", "Lost", "Won", nullptr, "Lost"})},
          {"region", Strings({"West", "East", "West", "East", nullptr})},
          {"amount", Ints(DataType::Decimal(2), {1050, 200, INT64_MIN, 0, 990})},
          {"opened", Ints(DataType::Date(), {19000, 19001, 19002, 19003, 19004})},
          {"note", Strings({"x1", "x2", "x3", "x4", "x5"})}};
}

TEST(LearningFrameTest, TextOutcomeFeaturesAndDroppedRows) {
  FrameSpec spec;
  spec.outcome = "stage";
  spec.positive = "Won";
  spec.id = "id";
  spec.max_categories = 3;
  FrameBuild build = BuildLearningFrame(Deals(), spec);
  const LearningFrame& f = build.frame;
  ASSERT_EQ(f.rows(), 4u);  // d has no outcome
  EXPECT_EQ(f.row_ids, (std::vector<std::string>{"a", "b", "c", "e"}));
  EXPECT_EQ(f.outcome, (std::vector<uint8_t>{1, 0, 1, 0}));
  ASSERT_NE(f.Find("region"), nullptr);
  EXPECT_EQ(f.Find("region")->categories, (std::vector<std::string>{"East", "West"}));
  EXPECT_EQ(f.Find("region")->codes, (std::vector<int32_t>{1, 0, 1, -1}));
  ASSERT_NE(f.Find("amount"), nullptr);
  EXPECT_DOUBLE_EQ(f.Find("amount")->values[0], 10.5);
  EXPECT_TRUE(std::isnan(f.Find("amount")->values[2]));
  EXPECT_TRUE(f.Find("opened")->is_date);
  EXPECT_EQ(f.Find("note"), nullptr);  // 5 distinct values > 3
  EXPECT_EQ(f.Find("stage"), nullptr);
  ASSERT_EQ(build.notes.size(), 2u);
  EXPECT_NE(build.notes[0].find("1 of 5 rows have no outcome"), std::string::npos);
  EXPECT_NE(build.notes[1].find("\"note\" is not a feature"), std::string::npos);
}

// A message naming a column that is not a feature can say why; the outcome
// date, a feature without --outcome-date, is named in a note.
TEST(LearningFrameTest, SaysWhyEachColumnIsNotAFeature) {
  FrameSpec spec;
  spec.outcome = "stage";
  spec.positive = "Won";
  spec.id = "id";
  spec.amount = "amount";
  spec.outcome_day = "opened";
  spec.max_categories = 3;  // note: 4 values among the 4 rows with an outcome
  FrameBuild build = BuildLearningFrame(Deals(), spec);
  const std::map<std::string, std::string>& why = build.frame.not_features;
  EXPECT_EQ(why.at("stage"), "it is the outcome");
  EXPECT_EQ(why.at("amount"),
            "it is the --amount measure; name it in --features to use it as one too");
  EXPECT_EQ(why.at("id"), "it is the id column; name it in --features to use it as one");
  EXPECT_NE(why.at("note").find("it has 4 distinct values (more than --max-categories 3"),
            std::string::npos);
  bool noted = false;
  for (const std::string& note : build.notes)
    noted |= note ==
             "\"opened\" is not a feature: it is the --outcome-date column; name it in "
             "--features to use it as one too";
  EXPECT_TRUE(noted);

  spec.outcome_day.clear();
  spec.exclude = {"region"};
  EXPECT_EQ(BuildLearningFrame(Deals(), spec).frame.not_features.at("region"),
            "it is named in --exclude");
  // A post_outcome column (job/post_outcome.h) comes with its reason.
  spec.exclude_reasons["region"] = "it is computed from a post_outcome column (stage)";
  EXPECT_EQ(BuildLearningFrame(Deals(), spec).frame.not_features.at("region"),
            "it is computed from a post_outcome column (stage)");
  spec.exclude.clear();
  spec.features = {"region"};
  EXPECT_EQ(BuildLearningFrame(Deals(), spec).frame.not_features.at("note"),
            "it is not named in --features");
}

// On a file too small for --max-categories a text column with a value of
// its own on every row is an id (a cluster was named after an opportunity
// number); text with one value among the rows that have an outcome says
// nothing. Both are left out with a note, as numbers were.
TEST(LearningFrameTest, IdsAndConstantTextAreLeftOutWithANote) {
  FrameSpec spec;
  spec.outcome = "stage";
  spec.positive = "Won";
  spec.id = "id";
  std::vector<NamedColumn> deals = Deals();
  deals.push_back({"team", Strings({"A", "A", "A", "B", "A"})});  // B: no outcome (d)
  FrameBuild build = BuildLearningFrame(deals, spec);
  const std::map<std::string, std::string>& why = build.frame.not_features;
  EXPECT_EQ(build.frame.Find("note"), nullptr);
  EXPECT_EQ(why.at("note"),
            "it has 4 distinct values in 4 rows (an id or free text?); name it in --features to "
            "use it as one");
  EXPECT_EQ(build.frame.Find("team"), nullptr);
  EXPECT_EQ(why.at("team"), "it has one value only");
  auto noted = [&](const std::string& text) {
    return std::find(build.notes.begin(), build.notes.end(), text) != build.notes.end();
  };
  EXPECT_TRUE(noted("\"team\" is not a feature: it has one value only"));
  EXPECT_TRUE(noted("\"note\" is not a feature: " + why.at("note")));
  EXPECT_NE(build.frame.Find("region"), nullptr);  // 2 values in 3 rows
  spec.features = {"note", "region"};              // named: kept
  EXPECT_NE(BuildLearningFrame(deals, spec).frame.Find("note"), nullptr);
}

TEST(LearningFrameTest, ClearErrors) {
  FrameSpec spec;
  spec.outcome = "stage";
  spec.positive = "Won";
  ExpectError(ErrorKind::kInput, "the input has no rows", [&] {
    BuildLearningFrame({{"stage", Strings({})}}, spec);
  });
  // The accounts input named, where the job knows it.
  spec.source = "deals.csv";
  ExpectError(ErrorKind::kInput, "deals.csv has no rows: nothing to learn from", [&] {
    BuildLearningFrame({{"stage", Strings({})}}, spec);
  });
  ExpectError(ErrorKind::kInput,
              "the outcome \"won\" has the value 2 in row 2 of deals.csv, expected 0 or 1", [&] {
                FrameSpec won;
                won.outcome = "won";
                won.source = "deals.csv";
                BuildLearningFrame({{"won", Ints(DataType::Int64(), {1, 2, 0})}}, won);
              });
  spec.source.clear();
  spec.amount = "region";  // text: the same words as for a date
  ExpectError(ErrorKind::kUsage, "the amount column \"region\" is string, expected a number",
              [&] { BuildLearningFrame(Deals(), spec); });
  spec.amount = "opened";
  ExpectError(ErrorKind::kUsage, "the amount column \"opened\" is date, expected a number",
              [&] { BuildLearningFrame(Deals(), spec); });
  spec = FrameSpec{};
  spec.outcome = "stage";
  ExpectError(ErrorKind::kUsage, "--positive (its values: \"Lost\", \"Won\")",
              [&] { BuildLearningFrame(Deals(), spec); });
  spec.positive = "Closed";
  ExpectError(ErrorKind::kUsage, "one class only", [&] { BuildLearningFrame(Deals(), spec); });
  spec.positive = "Won";
  spec.features = {"regoin"};
  ExpectError(ErrorKind::kUsage, "did you mean \"region\"",
              [&] { BuildLearningFrame(Deals(), spec); });
  spec.features = {};
  spec.outcome = "amount";
  ExpectError(ErrorKind::kUsage, "expected a bool, a 0/1 integer",
              [&] { BuildLearningFrame(Deals(), spec); });
  // --positive on a 0/1 outcome was ignored; an outcome empty everywhere
  // was "one class only: all 0 rows ... are negative".
  std::vector<NamedColumn> deals = Deals();
  deals.push_back({"won", Ints(DataType::Int64(), {1, 0, 1, 0, 1})});
  deals.push_back({"never", Strings({nullptr, nullptr, nullptr, nullptr, nullptr})});
  spec.outcome = "won";
  spec.positive = "0";
  ExpectError(ErrorKind::kUsage, "--positive is for a text outcome",
              [&] { BuildLearningFrame(deals, spec); });
  spec.positive = "";
  spec.features = {"region", "amount", "region"};
  ExpectError(ErrorKind::kUsage, "--features names \"region\" twice",
              [&] { BuildLearningFrame(deals, spec); });
  spec.features = {"region", "won"};
  ExpectError(ErrorKind::kUsage, "--features names the outcome \"won\"",
              [&] { BuildLearningFrame(deals, spec); });
  spec.features = {};
  spec.outcome = "never";
  spec.positive = "Won";
  ExpectError(ErrorKind::kUsage, "the outcome \"never\" is empty in all 5 rows",
              [&] { BuildLearningFrame(deals, spec); });
}

TEST(FoldsTest, StratifiedAndRepeatable) {
  std::vector<uint8_t> outcome(103, 0);
  for (size_t i = 0; i < 30; ++i) outcome[i * 3] = 1;
  std::vector<int> folds = StratifiedFolds(outcome, 5, 7);
  EXPECT_EQ(folds, StratifiedFolds(outcome, 5, 7));
  EXPECT_NE(folds, StratifiedFolds(outcome, 5, 8));
  for (int k = 0; k < 5; ++k) {
    int rows = 0, wins = 0;
    for (size_t i = 0; i < folds.size(); ++i)
      if (folds[i] == k) {
        ++rows;
        wins += outcome[i];
      }
    EXPECT_GE(rows, 20);
    EXPECT_LE(rows, 21);
    EXPECT_EQ(wins, 6);
  }
  ExpectError(ErrorKind::kUsage, "too few wins for 5-fold", [] {
    StratifiedFolds({1, 1, 0, 0, 0, 0, 0}, 5, 1);
  });
}

TEST(MetricsTest, AucAndAveragePrecisionAgreeWithScikitLearn) {
  // sklearn.metrics.roc_auc_score / average_precision_score on these give
  // 0.75 and 0.8333... (computed by hand: 3 of 4 win-loss pairs ordered).
  std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  std::vector<uint8_t> outcome = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(RocAuc(scores, outcome), 0.75);
  EXPECT_NEAR(AveragePrecision(scores, outcome), 0.8333333333, 1e-9);
  EXPECT_DOUBLE_EQ(RocAuc({0.5, 0.5}, {0, 1}), 0.5);  // a tie counts half
  EXPECT_TRUE(std::isnan(RocAuc({0.5, 0.6}, {1, 1})));
  Spread s = MeanAndSd({0.7, 0.8, 0.9});
  EXPECT_NEAR(s.mean, 0.8, 1e-12);
  EXPECT_NEAR(s.sd, 0.1, 1e-12);
}

}  // namespace
}  // namespace acctseg::learn
