// How much `learn propensity` trains when the user leaves the sizes out.
//
// XGBoost's hist trees cost about the same per row and tree whatever the
// data (about 0.3-0.5 s of CPU per tree over a million rows of 30 features
// on the 2-core reference machine), and a run trains `folds` model
// equivalents: k fold models on (k-1)/k of the rows, plus the final model
// on all rows (plus 0.8 for the time split when the outcome has dates). The
// defaults — 5 folds of 200 trees at learning rate 0.1 — are kept while that
// work stays within a budget of row-trees; past it, folds come down first
// (to 2: fewer folds only make the estimate coarser) and then trees (to 50),
// with the learning rate raised as trees fall (rate x trees about 20), so a
// million rows train in under a minute on two cores. Sizes the user gives
// are kept, and the others are chosen around them.
#pragma once

#include <cstddef>
#include <string>

namespace acctseg::learn {

// Row-trees one run may spend when sizes are chosen: 120M is about one
// minute of CPU on two cores.
inline constexpr double kRowTreeBudget = 120e6;

struct TrainingSize {
  int folds = 5;
  int trees = 200;
  double learning_rate = 0.1;
  // Why the defaults were not used, for the report ("" when they were).
  std::string note;
};

// `folds`, `trees`, `learning_rate`: as given, 0 = choose. `time_split`:
// whether a time-split model is trained too.
TrainingSize ChooseTrainingSize(size_t rows, bool time_split, int folds, int trees,
                                double learning_rate);

}  // namespace acctseg::learn
