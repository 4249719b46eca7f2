// A shallow classification tree (CART, Gini impurity) on a frame's
// features in their original units, to explain a labelling (a clustering)
// by a few readable splits. A numeric split sends `value <= threshold`
// left; a missing value goes where the feature's mean goes (the mean is
// what the clustering imputed), and the split remembers which side that is.
// A categorical split sends a set of categories left (a missing value, code
// -1, is a category of its own); the set is the best prefix of the
// categories ordered by their share of one class, tried for each class, a
// standard heuristic for many classes. Nodes whose leaves all predict the
// same label are merged. Deterministic: ties keep the first candidate in
// feature order.
#pragma once

#include <cstdint>
#include <vector>

#include "learn/learning_frame.h"

namespace acctseg::learn {

struct TreeNode {
  int feature = -1;      // index into the features given; -1 = a leaf
  double threshold = 0;  // numeric: left when value <= threshold
  double left_max = 0;   // numeric: largest value sent left, smallest sent right,
  double right_min = 0;  // so a printed threshold can be any number between
  bool missing_left = false;
  std::vector<int32_t> left_codes;  // categorical: codes sent left (sorted, may hold -1)
  int left = -1, right = -1;        // child nodes
  int label = 0;                    // the majority class of the node's rows
  size_t rows = 0;
};

struct DecisionTree {
  std::vector<TreeNode> nodes;  // nodes[0] is the root
  double agreement = 0;         // share of rows whose label the tree predicts
};

struct TreeOptions {
  int max_depth = 3;
  size_t min_leaf_rows = 1;  // a split leaving fewer rows on a side is not tried
};

// `features` in original units (LearningFrame features), `labels` in
// 0..classes-1, one per row.
DecisionTree FitDecisionTree(const std::vector<const Feature*>& features,
                             const std::vector<int>& labels, int classes,
                             const TreeOptions& options);

// The label the tree gives row `row`.
int PredictTree(const DecisionTree& tree, const std::vector<const Feature*>& features, size_t row);

}  // namespace acctseg::learn
