// The leakage guard: a feature that on its own separates wins from losses
// almost perfectly is usually known only after the outcome (days in the
// closing stage, a "lost reason") and would make a model look far better
// than it can be on open deals. Each feature is scored alone: a numeric one
// by the AUC of its value or of its negation, whichever is higher; a
// categorical one by its categories' win rates used as the score, each row
// scored by the rates of the other four of five folds (in-sample, many
// rare categories separated noise almost perfectly). Rows
// where the feature is missing are left out of its AUC (a categorical
// feature's missing rows form a category of their own).
#pragma once

#include <string>
#include <vector>

#include "learn/learning_frame.h"

namespace acctseg::learn {

struct LeakCheck {
  std::string feature;
  double auc = 0.5;  // 0.5..1 (out of fold: the higher of the AUC and 1 - AUC); NaN when the
                     // feature has one class only among its present rows
  bool flagged = false;
  bool constant = false;  // one value (or all missing): it cannot help a model
};

// One check per frame feature, in frame order; flagged when auc >= threshold.
std::vector<LeakCheck> CheckLeakage(const LearningFrame& frame, double threshold);

// The user-facing line for a flagged feature, with the hint to declare it.
std::string LeakMessage(const LeakCheck& check, bool kept);

}  // namespace acctseg::learn
