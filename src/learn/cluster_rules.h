// A decision tree written as an ordinary `classify:` step of the policy
// language, so a discovered segmentation can be pasted into a policy and
// run: one rule per leaf, left to right, its `when` the conditions on the
// path to it (bounds on the same numeric feature merged into one range,
// category sets intersected), the last leaf the `else`. Conditions say
// what the tree does with missing values (`x IS NULL OR ...` where a
// missing value goes that way), since a NULL comparison never matches in
// the policy language. Thresholds are the shortest decimal between the
// values the split separates, so they read "x <= 2.5", not
// "x <= 2.49999999".
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "learn/decision_tree.h"

namespace acctseg::learn {

struct ClassifyYamlOptions {
  std::string output = "cluster";  // the classify step's output column
  // Names that must be written in double quotes besides those that are not
  // plain identifiers (the expression language's keywords: the caller
  // passes its IsKeyword on the upper-cased name).
  std::function<bool(const std::string& upper)> is_keyword;
  // Numeric features that are booleans in the policy (0/1 in the frame):
  // written as `x` / `NOT x` rather than compared with 0.5.
  std::set<std::string> booleans;
};

// `labels[c]` is the label of class c. The result is YAML text: the lines
// of `comments` as `#` comments, then a `  - classify:` list item (indented
// to sit under a policy's `steps:`).
std::string ClassifyStepYaml(const DecisionTree& tree, const std::vector<const Feature*>& features,
                             const std::vector<std::string>& labels,
                             const std::vector<std::string>& comments,
                             const ClassifyYamlOptions& options);

}  // namespace acctseg::learn
