#include "job/propensity_scorer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/group_digits.h"
#include "job/outside_training.h"
#include "learn/folds.h"
#include "learn/propensity.h"

namespace acctseg {
namespace {

// More than a call needs to take its margins from the Shapley cells
// (kRowsForCellMargins, 4096) instead of the trees' walk.
constexpr size_t kRows = 5000;

// A run's columns as the engine holds them: a decimal with NULLs, an
// integer, and a text column whose dictionary has categories in another
// order than the model's, one the model never saw, and NULLs.
struct RunColumns {
  Column amount = Column::Make(DataType::Decimal(2), kRows, true);
  Column visits = Column::Make(DataType::Int64(), kRows, false);
  Column industry = Column::Make(DataType::String(), kRows, true);
  std::vector<const Column*> all() const { return {&amount, &visits, &industry}; }
};

RunColumns MakeColumns(uint64_t seed) {
  RunColumns c;
  auto dictionary = std::make_shared<Dictionary>();
  for (const char* text : {"Software", "Mining", "Retail", "Banking"}) dictionary->Intern(text);
  uint64_t state = seed;
  for (size_t r = 0; r < kRows; ++r) {
    c.amount.ints.Set(r, static_cast<int64_t>(learn::RandomBelow(state, 4'000'000)) - 1'000'000);
    c.amount.nulls.Set(r, r % 11 == 4);
    c.visits.ints.Set(r, static_cast<int64_t>(learn::RandomBelow(state, 3'000'000)));
    c.industry.codes.Set(r, static_cast<uint32_t>(learn::RandomBelow(state, 4)));
    c.industry.nulls.Set(r, r % 13 == 5);
  }
  c.industry.dictionary = std::move(dictionary);
  return c;
}

// The columns as a learning frame (numbers by NumberAt, texts by
// `categories`), which is how the predict step read them before it bound
// models to columns. A frame read from the run's data knows every text it
// holds, "Mining" too, which the model never saw: its reasons name it.
learn::LearningFrame FrameOf(const RunColumns& c, const std::vector<std::string>& categories) {
  learn::LearningFrame frame;
  frame.outcome.assign(kRows, 0);
  learn::Feature amount{"amount"}, visits{"visits"};
  learn::Feature industry{"industry", learn::FeatureKind::kCategorical};
  industry.categories = categories;
  for (size_t r = 0; r < kRows; ++r) {
    amount.values.push_back(learn::NumberAt(c.amount, r));
    visits.values.push_back(learn::NumberAt(c.visits, r));
    int32_t code = -1;
    for (size_t k = 0; k < categories.size() && !c.industry.IsNull(r); ++k)
      if (categories[k] == c.industry.StringAt(r)) code = static_cast<int32_t>(k);
    industry.codes.push_back(code);
  }
  frame.features = {amount, visits, industry};
  return frame;
}

learn::PropensityModel Train() {
  learn::LearningFrame frame = FrameOf(MakeColumns(1), {"Banking", "Retail", "Software"});
  uint64_t state = 9;
  for (size_t r = 0; r < kRows; ++r) {
    const double amount = frame.features[0].values[r];
    const double logit = (std::isnan(amount) ? 0.5 : amount / 10'000) +
                         (frame.features[2].codes[r] == 2 ? 1.0 : -0.5);
    frame.outcome[r] = (learn::NextRandom(state) >> 11) * 0x1.0p-53 < 1 / (1 + std::exp(-logit));
  }
  learn::PropensityOptions options;
  options.trees = 40;
  options.depth = 5;
  options.threads = 1;
  return learn::TrainPropensity(frame, options).model;
}

std::string Joined(const learn::Prediction& p, size_t row) {
  std::string text;
  for (size_t k = 0; k < p.top_reasons; ++k)
    text += (k ? "; " : "") + learn::ReasonText(p.ReasonsOf(row)[k]);
  return text;
}

// A NULL in a feature that no training row lacked, or a category training
// never saw, goes down default branches no data chose: the run is told.
TEST(PropensityScorer, NotesWhatTrainingNeverHad) {
  const learn::PropensityModel model = Train();
  ASSERT_FALSE(model.features()[0].complete);  // amount had NULLs in training
  ASSERT_TRUE(model.features()[1].complete);   // visits had none
  EXPECT_TRUE(learn::PropensityModel::FromBytes(model.ToBytes()).features()[1].complete);
  const CategoryCodes codes = CategoryCodesOf(model);
  const RunColumns columns = MakeColumns(2);
  EXPECT_EQ(OutsideTrainingNote(model, codes, columns.all(), kRows).find("visits"),
            std::string::npos);
  Column visits = Column::Make(DataType::Int64(), kRows, true);
  size_t mining = 0, outside = 0;
  for (size_t r = 0; r < kRows; ++r) {
    visits.ints.Set(r, columns.visits.ints[r]);
    visits.nulls.Set(r, r == 7);
    const bool unseen = !columns.industry.IsNull(r) && columns.industry.StringAt(r) == "Mining";
    mining += unseen;
    outside += unseen || r == 7;
  }
  const std::string note =
      OutsideTrainingNote(model, codes, {&columns.amount, &visits, &columns.industry}, kRows);
  EXPECT_EQ(note.find("amount"), std::string::npos) << note;  // NULL in training too
  EXPECT_EQ(note.rfind(GroupDigits(std::to_string(outside)) +
                           " of 5,000 rows hold a value no "
                           "training row had (visits NULL in 1; "
                           "industry a category training never "
                           "saw in " +
                           GroupDigits(std::to_string(mining)) + ")",
                       0),
            0u)
      << note;
}

TEST(PropensityScorer, SameProbabilitiesAndReasonsAsTheLearningFramePath) {
  const learn::PropensityModel model = Train();
  const CategoryCodes codes = CategoryCodesOf(model);
  const RunColumns columns = MakeColumns(2);
  const learn::LearningFrame frame = FrameOf(columns, {"Software", "Mining", "Retail", "Banking"});
  for (bool exact : {true, false}) {
    const learn::Prediction expected = model.Predict(frame, 3, exact);
    auto scorer = BindPropensityModel(model, codes, columns.all(), 3, exact);
    // Uneven morsels, appended to one text run as the step does per morsel.
    std::vector<double> probability(kRows);
    RowTexts texts;
    for (size_t begin = 0; begin < kRows; begin += 1100)
      scorer->ScoreInto(begin, std::min(kRows, begin + 1100), probability.data() + begin, &texts);
    ASSERT_EQ(texts.ends.size(), kRows);
    for (size_t r = 0; r < kRows; ++r) {
      ASSERT_EQ(probability[r], expected.probability[r]) << "row " << r;
      ASSERT_EQ(texts.Text(r), Joined(expected, r)) << "row " << r;
    }
    ASSERT_EQ(texts.ends.back(), texts.size);
    // A category the model never saw is missing to the model, but its
    // reason names it (all three features are reasons here); only NULL is
    // "(missing)".
    size_t unseen = 0;
    for (size_t r = 0; r < kRows; ++r) {
      if (columns.industry.IsNull(r)) {
        EXPECT_NE(texts.Text(r).find("industry = (missing): "), std::string_view::npos);
      } else if (columns.industry.StringAt(r) == "Mining") {
        ++unseen;
        EXPECT_NE(texts.Text(r).find("industry = Mining: "), std::string_view::npos)
            << texts.Text(r);
      }
    }
    EXPECT_GT(unseen, 1000u);
    // The same reasons kept as codes make the same words, and the same
    // probabilities come with them.
    std::vector<ReasonCodes::Feature> features;
    for (size_t f = 0; f < model.features().size(); ++f)
      features.push_back({model.features()[f].name,
                          std::shared_ptr<const Column>(std::shared_ptr<void>(), columns.all()[f]),
                          model.features()[f].kind == learn::FeatureKind::kCategorical});
    ReasonCodes reasons(features, 3, kRows);
    std::vector<double> coded_probability(kRows);
    for (size_t begin = 0; begin < kRows; begin += 1100)
      ASSERT_TRUE(scorer->ScoreCodesInto(begin, std::min(kRows, begin + 1100),
                                         coded_probability.data() + begin, reasons, begin));
    // Rows scored into codes of their own (reasons_row 0), as the predict
    // step's thread ahead of its turn keeps them: the same codes.
    ReasonCodes piece(features, 3, 1100);
    std::vector<double> piece_probability(1100);
    ASSERT_TRUE(scorer->ScoreCodesInto(2200, 3300, piece_probability.data(), piece, 0));
    for (size_t r = 0; r < 1100; ++r) {
      ASSERT_EQ(piece_probability[r], coded_probability[2200 + r]) << "row " << 2200 + r;
      for (size_t k = 0; k < 3; ++k) {
        ASSERT_EQ(piece.FeatureCode(r, k), reasons.FeatureCode(2200 + r, k)) << "row " << 2200 + r;
        ASSERT_EQ(piece.ContributionCode(r, k), reasons.ContributionCode(2200 + r, k));
      }
    }
    std::string words;
    for (size_t r = 0; r < kRows; ++r) {
      ASSERT_EQ(coded_probability[r], probability[r]) << "row " << r;
      words.clear();
      reasons.AppendText(r, words);
      ASSERT_EQ(words, texts.Text(r)) << "row " << r;
      ASSERT_LE(words.size(), reasons.MaxTextBytes());
    }
    // One row at a time, every reason (what explain asks for).
    const learn::Prediction all = model.Predict(frame, 3, exact);
    auto every = BindPropensityModel(model, codes, columns.all(), 3, exact);
    for (size_t r : {0, 4, 5, 1234}) {
      std::vector<ScoringModel::Score> one = every->Scores(r, r + 1);
      ASSERT_EQ(one.size(), 1u);
      EXPECT_EQ(one[0].probability, all.probability[r]);
      ASSERT_EQ(one[0].reasons.size(), 3u);
      for (size_t k = 0; k < 3; ++k)
        EXPECT_EQ(one[0].reasons[k], learn::ReasonText(all.ReasonsOf(r)[k])) << "row " << r;
    }
  }
}

TEST(PropensityScorer, WithoutReasonsOnlyProbabilities) {
  const learn::PropensityModel model = Train();
  const RunColumns columns = MakeColumns(3);
  const learn::Prediction expected =
      model.Predict(FrameOf(columns, model.features()[2].categories), 0);
  auto scorer = BindPropensityModel(model, CategoryCodesOf(model), columns.all(), 0, true);
  // All rows in one call (margins from the cells), and in calls of a
  // thousand (the walk): the same probabilities, the learner's.
  std::vector<double> probability(kRows), walked(kRows);
  scorer->ScoreInto(0, kRows, probability.data(), nullptr);
  EXPECT_EQ(probability, expected.probability);
  for (size_t begin = 0; begin < kRows; begin += 1000)
    scorer->ScoreInto(begin, begin + 1000, walked.data() + begin, nullptr);
  EXPECT_EQ(walked, expected.probability);
}

}  // namespace
}  // namespace acctseg
