// Learned scorecards end to end in the library: cross-validation, the
// points formula, dropped features, and the written `score:` step pasted
// into a policy and run by the engine, which must give every row the
// points the card itself gives.
#include "learn/scorecard.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "learn/folds.h"
#include "learn/scorecard_yaml.h"
#include "util/expect_error.h"
#include "util/run_policy.h"

namespace acctseg::learn {
namespace {

// The same opportunities as CSV text (for the engine) and as a frame (for
// the learner); no randomness, so both are fixed.
struct Generated {
  std::string csv;
  LearningFrame frame;
  std::vector<ValueSyntax> syntax;
};

const char* kPolicyHead =
    "input:\n"
    "  name: accounts\n"
    "  key: id\n"
    "  columns:\n"
    "    id: string\n"
    "    size: integer\n"
    "    ratio: decimal(2)\n"
    "    industry: {type: string, empty_is_null: true}\n"
    "    active: boolean\n"
    "    signed: date\n"
    "    \"Deal Size\": integer\n"
    "    constant: integer\n"
    "output:\n"
    "  columns: [id, fit_score]\n"
    "steps:\n";

Generated Opportunities(int n) {
  Generated g;
  g.csv = "id,size,ratio,industry,active,signed,Deal Size,constant\n";
  // Sorted by their text, as BuildLearningFrame codes them.
  const std::vector<std::string> industries = {"Health", "O'Brien Co", "Rare", "Retail",
                                               "Software"};
  const double industry_effect[] = {0, 0.2, 0, -0.5, 0.8};
  std::vector<Feature> f(7);
  const char* names[] = {"size", "ratio", "industry", "active", "signed", "Deal Size", "constant"};
  for (size_t j = 0; j < f.size(); ++j) f[j].name = names[j];
  f[2].kind = FeatureKind::kCategorical;
  f[2].categories = industries;
  g.syntax = {ValueSyntax::kNumber,  ValueSyntax::kNumber, ValueSyntax::kNumber,
              ValueSyntax::kBoolean, ValueSyntax::kDate,   ValueSyntax::kNumber,
              ValueSyntax::kNumber};
  const int kJan1st2024 = 19723;
  for (int i = 0; i < n; ++i) {
    double size = i % 29 == 0 ? NAN : (i * 37) % 101;
    int ratio_hundredths = (i * 53) % 97;
    int industry = (i * 7) % 10 < 4 ? 4 : (i * 7) % 10 < 7 ? 3 : (i * 7) % 10 < 9 ? 1 : 0;
    if (i % 50 == 0) industry = 2;
    if (i % 31 == 0) industry = -1;
    bool active = (i * 11) % 3 == 0;
    int day = (i * 13) % 200;
    int deal_size = (i * 17) % 7 + 1;
    double z = -0.5 + (std::isnan(size) ? 0.3 : 0.04 * (size - 50)) +
               1.5 * (ratio_hundredths / 100.0 - 0.5) +
               (industry < 0 ? -0.3 : industry_effect[industry]) + (active ? 0.7 : 0) +
               0.01 * (day - 100) + 0.1 * (deal_size - 4);
    double u = ((i * 7919) % 1000 + 0.5) / 1000;
    bool won = u < 1 / (1 + std::exp(-z));

    // 2024-01-01 plus `day` days (day < 200 stays within August).
    const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31};
    int month = 0, day_of_month = day;
    while (day_of_month >= month_days[month]) day_of_month -= month_days[month++];
    char line[256];
    std::snprintf(line, sizeof line, "a%d,%s,%d.%02d,%s,%s,2024-%02d-%02d,%d,5\n", i,
                  std::isnan(size) ? "" : std::to_string(static_cast<int>(size)).c_str(),
                  ratio_hundredths / 100, ratio_hundredths % 100,
                  industry < 0 ? "" : industries[industry].c_str(), active ? "true" : "false",
                  month + 1, day_of_month + 1, deal_size);
    g.csv += line;

    g.frame.row_ids.push_back("a" + std::to_string(i));
    g.frame.outcome.push_back(won);
    f[0].values.push_back(size);
    f[1].values.push_back(ratio_hundredths / 100.0);
    f[2].codes.push_back(industry);
    f[3].values.push_back(active ? 1 : 0);
    f[4].values.push_back(kJan1st2024 + day);
    f[5].values.push_back(deal_size);
    f[6].values.push_back(5);
  }
  g.frame.outcome_name = "won";
  g.frame.features = std::move(f);
  return g;
}

std::vector<size_t> AllRows(const LearningFrame& frame) {
  std::vector<size_t> rows(frame.rows());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return rows;
}

TEST(Scorecard, CrossValidatesAndDropsAFeatureWithOneBin) {
  Generated g = Opportunities(400);
  ScorecardOptions options;
  ScorecardResult result = LearnScorecard(g.frame, options);
  ASSERT_EQ(result.fold_auc.size(), 5u);
  EXPECT_GT(result.cv_auc.mean, 0.65);
  EXPECT_GT(result.cv_auc.sd, 0);
  EXPECT_GT(result.training_auc, result.cv_auc.mean - 0.1);
  EXPECT_TRUE(result.card.converged);
  ASSERT_FALSE(result.card.dropped.empty());
  EXPECT_EQ(result.card.dropped.back().name, "constant");
  EXPECT_EQ(result.card.dropped.back().reason,
            "one bin only (every row alike, or too few in each other bin for --min-bin-share "
            "0.05)");
  EXPECT_EQ(result.rows, 400u);

  // Same data and options: the same card.
  ScorecardResult again = LearnScorecard(g.frame, options);
  EXPECT_EQ(again.fold_auc, result.fold_auc);
  ASSERT_EQ(again.card.features.size(), result.card.features.size());
  for (size_t j = 0; j < again.card.features.size(); ++j)
    EXPECT_EQ(again.card.features[j].points, result.card.features[j].points);
}

// points = round((β·woe + α/n)·factor + offset/n), factor = pdo / ln 2,
// offset = base_points - factor·ln(base_odds).
TEST(Scorecard, PointsFollowTheClassicScaling) {
  Generated g = Opportunities(400);
  ScorecardOptions options;
  options.base_points = 500;
  options.base_odds = 2;
  options.pdo = 40;
  Scorecard card = FitScorecard(g.frame, AllRows(g.frame), options);
  const double factor = 40 / std::log(2.0), offset = 500 - factor * std::log(2.0);
  EXPECT_DOUBLE_EQ(card.factor, factor);
  EXPECT_DOUBLE_EQ(card.offset, offset);
  const double n = static_cast<double>(card.features.size());
  for (const ScorecardFeature& f : card.features)
    for (size_t bin = 0; bin < f.binned.bins.size(); ++bin)
      EXPECT_EQ(
          f.points[bin],
          std::llround((f.coefficient * f.binned.bins[bin].woe + card.intercept / n) * factor +
                       offset / n));
}

TEST(Scorecard, NoFeaturesLeftSaysWhy) {
  Generated g = Opportunities(400);
  ScorecardOptions options;
  options.min_iv = 100;
  testing::ExpectError(ErrorKind::kUsage, "no features left for the scorecard (size: IV",
                       [&] { FitScorecard(g.frame, AllRows(g.frame), options); });
  testing::ExpectError(ErrorKind::kUsage, "constant: one bin only",
                       [&] { FitScorecard(g.frame, AllRows(g.frame), options); });
}

// The error of the whole command gives the IVs the report would show, those
// of every row, not those of the first cross-validation fold to fail.
TEST(Scorecard, NoFeaturesLeftGivesTheDatasIvs) {
  Generated g = Opportunities(400);
  Scorecard full = FitScorecard(g.frame, AllRows(g.frame), ScorecardOptions{});
  ScorecardOptions options;
  options.min_iv = 100;
  for (const ScorecardFeature& f : full.features)
    testing::ExpectError(ErrorKind::kUsage,
                         f.binned.name + ": IV " + fmt::format("{:.4f}", f.binned.iv) + " below",
                         [&] { LearnScorecard(g.frame, options); });
}

// A --min-iv that every row passes and a fold's rows do not: the error is
// the fold's, and says what every row keeps.
TEST(Scorecard, AFoldWithoutFeaturesSaysItIsAFold) {
  Generated g = Opportunities(400);
  ScorecardOptions options;
  auto strongest_iv = [&](const std::vector<size_t>& rows) {
    double iv = 0;
    for (const ScorecardFeature& f : FitScorecard(g.frame, rows, options).features)
      iv = std::max(iv, f.binned.iv);
    return iv;
  };
  const double all_rows = strongest_iv(AllRows(g.frame));
  double weakest_fold = all_rows;
  std::vector<int> fold_of = StratifiedFolds(g.frame.outcome, options.folds, options.seed);
  for (int fold = 0; fold < options.folds; ++fold) {
    std::vector<size_t> train;
    for (size_t row = 0; row < g.frame.rows(); ++row)
      if (fold_of[row] != fold) train.push_back(row);
    weakest_fold = std::min(weakest_fold, strongest_iv(train));
  }
  ASSERT_LT(weakest_fold, all_rows) << "the data no longer has such a fold";
  options.min_iv = (weakest_fold + all_rows) / 2;
  testing::ExpectError(ErrorKind::kUsage, "(the card on the other folds' rows): no features left",
                       [&] { LearnScorecard(g.frame, options); });
  testing::ExpectError(ErrorKind::kUsage, "On all rows the card keeps ",
                       [&] { LearnScorecard(g.frame, options); });
}

TEST(Scorecard, PerfectSeparationIsNamedAndStaysFinite) {
  LearningFrame frame;
  Feature leak;
  leak.name = "stage_days";
  // 80 wins, all above the 120 losses: the quintile cut at row 120 of
  // the sorted values falls exactly between the classes.
  for (int i = 0; i < 200; ++i) {
    frame.outcome.push_back(i % 5 < 2);
    leak.values.push_back(i % 5 < 2 ? 1000 + i : i);
  }
  frame.features.push_back(leak);
  ScorecardResult result = LearnScorecard(frame, ScorecardOptions{});
  EXPECT_TRUE(result.card.separated);
  EXPECT_TRUE(std::isfinite(result.card.features[0].coefficient));
  bool named = false;
  for (const std::string& note : result.notes)
    named = named || note.find("separate wins from losses perfectly") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(ScorecardYaml, ConditionsInThePolicyLanguage) {
  Generated g = Opportunities(400);
  ScorecardOptions options;
  Scorecard card = FitScorecard(g.frame, AllRows(g.frame), options);
  std::string text;
  for (const ScorecardFeature& f : card.features)
    for (size_t bin = 0; bin < f.binned.bins.size(); ++bin)
      text += BinCondition(f.binned, bin, g.syntax[f.frame_index]) + "\n";
  EXPECT_NE(text.find("\"Deal Size\" IS NULL\n"), std::string::npos) << text;
  EXPECT_NE(text.find("industry NOT IN ("), std::string::npos) << text;
  EXPECT_NE(text.find("'O''Brien Co'"), std::string::npos) << text;
  EXPECT_NE(text.find("signed < DATE '2024-"), std::string::npos) << text;

  // A date's reason, what explain shows for every account, reads as a date.
  std::string step = ScorecardYaml(LearnScorecard(g.frame, options), {.syntax = g.syntax});
  EXPECT_NE(step.find("reason: signed before 2024-"), std::string::npos) << step;
  EXPECT_NE(step.find(" or later\n"), std::string::npos) << step;
  EXPECT_EQ(step.find("reason: signed below 19"), std::string::npos) << step;
  EXPECT_NE(text.find("ratio >= 0."), std::string::npos) << text;

  // A boolean column is compared with TRUE and FALSE, not with 1.
  Feature active;
  active.name = "active";
  std::vector<uint8_t> outcome;
  std::vector<size_t> rows;
  for (size_t i = 0; i < 40; ++i) {
    active.values.push_back(i % 2);
    outcome.push_back(i % 4 == 1);
    rows.push_back(i);
  }
  BinnedFeature binned = BinFeature(active, outcome, rows, BinningOptions{});
  ASSERT_EQ(binned.bins.size(), 3u);
  EXPECT_EQ(BinCondition(binned, 0, ValueSyntax::kBoolean), "active = FALSE");
  EXPECT_EQ(BinCondition(binned, 1, ValueSyntax::kBoolean), "active = TRUE");
  EXPECT_EQ(BinCondition(binned, 2, ValueSyntax::kBoolean), "active IS NULL");
}

// The written step, pasted into a policy and run: every row's score is
// the card's own, so the AUC is the same too.
TEST(ScorecardYaml, PastedIntoAPolicyTheRunGivesTheCardsPoints) {
  Generated g = Opportunities(400);
  ScorecardResult result = LearnScorecard(g.frame, ScorecardOptions{});
  ScorecardYamlOptions yaml;
  yaml.syntax = g.syntax;
  std::string step = ScorecardYaml(result, yaml);
  testing::PolicyRun run = testing::RunPolicy(kPolicyHead + step, g.csv);
  ASSERT_EQ(run.exit_code, 0) << run.output << "\n" << step;
  std::vector<double> expected = ScoreRows(result.card, g.frame, AllRows(g.frame));
  std::istringstream lines(run.output);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "id,fit_score");
  std::vector<double> scores;
  while (std::getline(lines, line)) scores.push_back(std::stod(line.substr(line.find(',') + 1)));
  ASSERT_EQ(scores.size(), expected.size());
  for (size_t i = 0; i < scores.size(); ++i) EXPECT_EQ(scores[i], expected[i]) << "row " << i;
  EXPECT_DOUBLE_EQ(RocAuc(scores, g.frame.outcome), result.training_auc);
}

}  // namespace
}  // namespace acctseg::learn
