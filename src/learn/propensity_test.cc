#include "learn/propensity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "learn/folds.h"
#include "learn/propensity_report.h"

namespace acctseg::learn {
namespace {

// A frame whose outcome follows "signal" (numeric) and "industry"
// (Software wins often), with a noise column and one missing value in ten.
LearningFrame PlantedFrame(size_t rows, uint64_t seed = 7) {
  LearningFrame frame;
  frame.outcome_name = "won";
  Feature signal{"signal"}, noise{"noise"}, industry{"industry", FeatureKind::kCategorical};
  industry.categories = {"Retail", "Software"};
  uint64_t state = seed;
  auto uniform = [&state] { return (NextRandom(state) >> 11) * 0x1.0p-53; };
  for (size_t r = 0; r < rows; ++r) {
    double s = uniform() * 4 - 2;
    int32_t code = static_cast<int32_t>(RandomBelow(state, 2));
    double logit = 2.5 * s + (code == 1 ? 1.0 : -1.0);
    frame.outcome.push_back(uniform() < 1 / (1 + std::exp(-logit)) ? 1 : 0);
    signal.values.push_back(r % 10 == 3 ? NAN : s);
    noise.values.push_back(uniform());
    industry.codes.push_back(code);
    frame.row_ids.push_back("o" + std::to_string(r + 1));
  }
  frame.features = {signal, noise, industry};
  return frame;
}

PropensityOptions Quick() {
  PropensityOptions options;
  options.trees = 30;
  options.depth = 3;
  // One thread: OpenMP's spinning workers crawl on a loaded test machine
  // (the determinism test runs with two).
  options.threads = 1;
  return options;
}

TEST(Propensity, FindsThePlantedSignalAndNamesItInReasons) {
  LearningFrame frame = PlantedFrame(2000);
  PropensityOptions options = Quick();
  options.want_scores = true;
  PropensityTraining t = TrainPropensity(frame, options);
  EXPECT_GT(t.report.roc_auc.mean, 0.8);
  EXPECT_EQ(t.report.fold_roc_auc.size(), 5u);
  EXPECT_EQ(t.report.importance.front().feature, "signal");
  ASSERT_EQ(t.report.oof_reasons.top_reasons, 3u);
  size_t signal_first = 0;
  for (size_t r = 0; r < frame.rows(); ++r)
    signal_first += t.report.oof_reasons.ReasonsOf(r)[0].feature == "signal";
  EXPECT_GT(signal_first, frame.rows() / 2);
  EXPECT_EQ(t.report.calibration.size(), 10u);
  for (double p : t.report.oof_probability) EXPECT_TRUE(p >= 0 && p <= 1);
}

// A script reading --scores-out can count on reason_1..reason_3: with two
// features the third is there, empty.
TEST(Propensity, ScoresAlwaysHaveThreeReasonColumns) {
  LearningFrame frame = PlantedFrame(300);
  frame.features.pop_back();  // signal and noise
  PropensityOptions options = Quick();
  options.want_scores = true;
  PropensityTraining t = TrainPropensity(frame, options);
  std::string csv = ScoresCsv(frame, t.report);
  std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header, "row,probability,reason_1,reason_2,reason_3");
  std::string first =
      csv.substr(header.size() + 1, csv.find('\n', header.size() + 1) - header.size() - 1);
  EXPECT_EQ(std::count(first.begin(), first.end(), ','), 4) << first;
  EXPECT_EQ(first.back(), ',') << first;
}

TEST(Propensity, SameDataAndSeedGiveTheSameBytesAndScores) {
  LearningFrame frame = PlantedFrame(1500);
  PropensityOptions two_threads = Quick();
  two_threads.threads = 2;
  PropensityTraining a = TrainPropensity(frame, two_threads);
  PropensityTraining b = TrainPropensity(frame, two_threads);
  EXPECT_EQ(a.model.ToBytes(), b.model.ToBytes());
  EXPECT_EQ(a.report.oof_probability, b.report.oof_probability);
  PropensityTraining c = TrainPropensity(frame, Quick());  // one thread
  EXPECT_EQ(a.model.ToBytes(), c.model.ToBytes());
  EXPECT_EQ(a.report.oof_probability, c.report.oof_probability);
}

TEST(Propensity, RoundTripPredictsIdentically) {
  LearningFrame frame = PlantedFrame(1000);
  PropensityTraining t = TrainPropensity(frame, Quick());
  PropensityModel loaded = PropensityModel::FromBytes(t.model.ToBytes());
  EXPECT_EQ(loaded.ToBytes(), t.model.ToBytes());
  Prediction before = t.model.Predict(frame, 3), after = loaded.Predict(frame, 3);
  EXPECT_EQ(before.probability, after.probability);
  ASSERT_EQ(after.reasons.size(), 3 * frame.rows());
  for (size_t i = 0; i < after.reasons.size(); ++i)
    EXPECT_EQ(ReasonText(before.reasons[i]), ReasonText(after.reasons[i]));
  // Contributions in words: "signal = 1.5: +0.87".
  EXPECT_NE(ReasonText(after.reasons[0]).find(" = "), std::string::npos);
}

TEST(Propensity, PredictNamesAMissingOrChangedFeature) {
  LearningFrame frame = PlantedFrame(500);
  PropensityTraining t = TrainPropensity(frame, Quick());
  LearningFrame without = frame;
  without.features.erase(without.features.begin());
  try {
    t.model.Predict(without, 3);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("\"signal\""), std::string::npos) << e.what();
  }
  LearningFrame changed = frame;
  changed.features[2].kind = FeatureKind::kNumeric;
  changed.features[2].values.assign(frame.rows(), 1.0);
  EXPECT_THROW(t.model.Predict(changed, 0), Error);
  LearningFrame empty = frame;
  empty.outcome.clear();
  empty.row_ids.clear();
  for (Feature& f : empty.features) f.values.clear(), f.codes.clear();
  EXPECT_TRUE(t.model.Predict(empty, 3).probability.empty());
}

TEST(Propensity, AnUnseenCategoryCountsAsMissing) {
  LearningFrame frame = PlantedFrame(1000);
  PropensityTraining t = TrainPropensity(frame, Quick());
  LearningFrame renamed = frame, missing = frame;
  // Same rows, but "Software" is now "Saas", which the model never saw.
  renamed.features[2].categories = {"Retail", "Saas"};
  for (int32_t& code : missing.features[2].codes)
    if (code == 1) code = -1;
  EXPECT_EQ(t.model.Predict(renamed, 0).probability, t.model.Predict(missing, 0).probability);
}

TEST(Propensity, LeakingAndConstantFeaturesAreLeftOut) {
  LearningFrame frame = PlantedFrame(1000);
  Feature leak{"days_to_close"}, constant{"one"};
  for (size_t r = 0; r < frame.rows(); ++r) {
    leak.values.push_back(frame.outcome[r] ? 10.0 + r % 7 : 40.0 + r % 5);
    constant.values.push_back(1);
  }
  frame.features.push_back(leak);
  frame.features.push_back(constant);
  PropensityTraining t = TrainPropensity(frame, Quick());
  EXPECT_EQ(t.report.features_used, (std::vector<std::string>{"signal", "noise", "industry"}));
  ASSERT_EQ(t.report.excluded.size(), 2u);
  EXPECT_NE(t.report.excluded[0].find("days_to_close: alone it separates wins from losses with "
                                      "AUC 1.000 (excluded)"),
            std::string::npos)
      << t.report.excluded[0];
  EXPECT_NE(t.report.excluded[0].find("post_outcome: true"), std::string::npos);
  EXPECT_TRUE(t.report.leak_checks[3].flagged);
  PropensityOptions keep = Quick();
  keep.keep_leaky = true;
  EXPECT_EQ(TrainPropensity(frame, keep).report.features_used.size(), 4u);
}

TEST(Propensity, TooFewWinsForTheFoldsIsAUsageError) {
  LearningFrame frame = PlantedFrame(100);
  for (size_t r = 0; r < frame.rows(); ++r) frame.outcome[r] = r < 3;
  try {
    TrainPropensity(frame, Quick());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("too few wins"), std::string::npos) << e.what();
  }
}

TEST(Propensity, TimeSplitTrainsOnTheEarlierRows) {
  LearningFrame frame = PlantedFrame(1000);
  frame.outcome_day_name = "closed";
  for (size_t r = 0; r < frame.rows(); ++r) frame.outcome_day.push_back(19000.0 + r / 10);
  PropensityTraining t = TrainPropensity(frame, Quick());
  ASSERT_TRUE(t.report.has_time_split);
  EXPECT_EQ(t.report.time_train_rows, 800u);
  EXPECT_EQ(t.report.time_test_rows, 200u);
  EXPECT_EQ(t.report.time_split_day, 19080.0);
  EXPECT_GT(t.report.time_roc_auc, 0.75);
}

// Dates that allow no split: the report says why instead of leaving the
// time split out without a word.
TEST(Propensity, TimeSplitSkippedSaysWhy) {
  LearningFrame frame = PlantedFrame(300);
  frame.outcome_day_name = "closed";
  frame.outcome_day.assign(frame.rows(), 19848.0);  // 2024-05-05
  PropensityTraining t = TrainPropensity(frame, Quick());
  EXPECT_FALSE(t.report.has_time_split);
  EXPECT_EQ(t.report.time_split_skipped,
            "all 300 dated rows fall on one day, 2024-05-05 (rows of one day never straddle "
            "the cut)");
  nlohmann::json j = PropensityJson(t.report, t.model, "won");
  EXPECT_TRUE(j["time_split"].is_null());
  EXPECT_EQ(j["time_split_skipped"], t.report.time_split_skipped);
  EXPECT_NE(PropensityText(t.report, t.model, "won").find("time split: skipped: all 300"),
            std::string::npos);

  frame.outcome_day.assign(frame.rows(), std::nan(""));
  EXPECT_EQ(TrainPropensity(frame, Quick()).report.time_split_skipped,
            "0 of 300 rows have a date in \"closed\"");
}

TEST(PropensityModel, DamagedBytesAreAStoreError) {
  LearningFrame frame = PlantedFrame(300);
  std::string bytes = TrainPropensity(frame, Quick()).model.ToBytes();
  for (std::string bad : {std::string("nonsense"), bytes.substr(0, 40), bytes.substr(0, 200)}) {
    try {
      PropensityModel::FromBytes(bad);
      FAIL() << "no error for " << bad.size() << " bytes";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kStore) << e.what();
    }
  }
}

}  // namespace
}  // namespace acctseg::learn
