#include "learn/training_size.h"

#include <gtest/gtest.h>

namespace acctseg::learn {
namespace {

TEST(TrainingSize, SmallFramesKeepTheDefaults) {
  TrainingSize size = ChooseTrainingSize(78025, false, 0, 0, 0);  // the IBM data
  EXPECT_EQ(size.folds, 5);
  EXPECT_EQ(size.trees, 200);
  EXPECT_DOUBLE_EQ(size.learning_rate, 0.1);
  EXPECT_EQ(size.note, "");
}

TEST(TrainingSize, FoldsComeDownBeforeTrees) {
  // 2 folds x 300k rows x 200 trees = the 120M budget exactly.
  TrainingSize size = ChooseTrainingSize(300000, false, 0, 0, 0);
  EXPECT_EQ(size.folds, 2);
  EXPECT_EQ(size.trees, 200);
  EXPECT_DOUBLE_EQ(size.learning_rate, 0.1);
  EXPECT_NE(size.note.find("2 folds and 200 trees"), std::string::npos) << size.note;
}

TEST(TrainingSize, AMillionRowsGetFewerTreesAtAHigherRate) {
  TrainingSize size = ChooseTrainingSize(1000000, false, 0, 0, 0);
  EXPECT_EQ(size.folds, 2);
  EXPECT_EQ(size.trees, 60);                  // 120M / (2 x 1M)
  EXPECT_DOUBLE_EQ(size.learning_rate, 0.3);  // 0.1 x 200 / 60 = 0.33, capped
  // The time split's model counts too: 2.8 model equivalents -> 42 -> 50 at least.
  EXPECT_EQ(ChooseTrainingSize(1000000, true, 0, 0, 0).trees, 50);
}

TEST(TrainingSize, GivenSizesAreKeptAndTheRestChosenAroundThem) {
  TrainingSize size = ChooseTrainingSize(1000000, false, 0, 100, 0);
  EXPECT_EQ(size.folds, 2);
  EXPECT_EQ(size.trees, 100);
  EXPECT_DOUBLE_EQ(size.learning_rate, 0.2);
  size = ChooseTrainingSize(1000000, false, 5, 200, 0.05);
  EXPECT_EQ(size.folds, 5);
  EXPECT_EQ(size.trees, 200);
  EXPECT_DOUBLE_EQ(size.learning_rate, 0.05);
  EXPECT_EQ(size.note, "");  // nothing was chosen for the user
}

}  // namespace
}  // namespace acctseg::learn
