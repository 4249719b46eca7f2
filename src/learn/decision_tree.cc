#include "learn/decision_tree.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace acctseg::learn {
namespace {

// Sum over both sides of (class count)² / side rows: the larger, the purer
// (it is rows minus the rows-weighted Gini impurity).
double Purity(const std::vector<size_t>& left, size_t left_rows, const std::vector<size_t>& all,
              size_t rows) {
  double left_sum = 0, right_sum = 0;
  for (size_t c = 0; c < all.size(); ++c) {
    double l = static_cast<double>(left[c]), r = static_cast<double>(all[c] - left[c]);
    left_sum += l * l;
    right_sum += r * r;
  }
  return left_sum / static_cast<double>(left_rows) +
         right_sum / static_cast<double>(rows - left_rows);
}

struct Split {
  double purity = -1;
  TreeNode node;  // the split's fields (feature, threshold or codes, missing side)
};

bool SendsLeft(const TreeNode& node, const Feature& feature, size_t row) {
  if (feature.IsMissing(row)) return node.missing_left;
  if (feature.kind == FeatureKind::kNumeric) return feature.values[row] <= node.threshold;
  return std::binary_search(node.left_codes.begin(), node.left_codes.end(), feature.codes[row]);
}

class TreeBuilder {
 public:
  TreeBuilder(const std::vector<const Feature*>& features, const std::vector<int>& labels,
              int classes, const TreeOptions& options)
      : features_(features), labels_(labels), classes_(classes), options_(options) {}

  int Build(const std::vector<size_t>& rows, int depth) {
    std::vector<size_t> counts = Counts(rows);
    TreeNode node;
    node.rows = rows.size();
    node.label = static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    int index = static_cast<int>(tree_.nodes.size());
    tree_.nodes.push_back(node);
    if (depth >= options_.max_depth || counts[node.label] == rows.size()) return index;
    Split best;
    double unsplit = 0;  // a split must be purer than the node itself
    for (size_t c : counts) unsplit += static_cast<double>(c) * static_cast<double>(c);
    best.purity = unsplit / static_cast<double>(rows.size());
    for (size_t f = 0; f < features_.size(); ++f) {
      if (features_[f]->kind == FeatureKind::kNumeric)
        TryNumeric(f, rows, counts, best);
      else
        TryCategorical(f, rows, counts, best);
    }
    if (best.node.feature < 0) return index;
    std::vector<size_t> left, right;
    const Feature& feature = *features_[best.node.feature];
    for (size_t row : rows) (SendsLeft(best.node, feature, row) ? left : right).push_back(row);
    best.node.label = node.label;
    best.node.rows = node.rows;
    tree_.nodes[index] = best.node;
    int left_node = Build(left, depth + 1);
    int right_node = Build(right, depth + 1);
    tree_.nodes[index].left = left_node;
    tree_.nodes[index].right = right_node;
    return index;
  }

  DecisionTree Take() { return std::move(tree_); }

 private:
  std::vector<size_t> Counts(const std::vector<size_t>& rows) const {
    std::vector<size_t> counts(classes_, 0);
    for (size_t row : rows) ++counts[labels_[row]];
    return counts;
  }

  double Mean(size_t f) {
    auto [it, added] = means_.try_emplace(f, 0.0);
    if (added) {
      double sum = 0, present = 0;
      for (double v : features_[f]->values)
        if (!std::isnan(v)) sum += v, ++present;
      it->second = present > 0 ? sum / present : 0;
    }
    return it->second;
  }

  void TryNumeric(size_t f, const std::vector<size_t>& rows, const std::vector<size_t>& counts,
                  Split& best) {
    const double mean = Mean(f);
    std::vector<std::pair<double, int>> sorted;
    sorted.reserve(rows.size());
    for (size_t row : rows) {
      double v = features_[f]->values[row];
      sorted.emplace_back(std::isnan(v) ? mean : v, labels_[row]);
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<size_t> left(classes_, 0);
    for (size_t i = 0; i + 1 < sorted.size(); ++i) {
      ++left[sorted[i].second];
      if (sorted[i].first == sorted[i + 1].first) continue;
      if (!TakeIfBetter(f, left, i + 1, rows.size(), counts, best)) continue;
      best.node.threshold = (sorted[i].first + sorted[i + 1].first) / 2;
      best.node.left_max = sorted[i].first;
      best.node.right_min = sorted[i + 1].first;
      best.node.missing_left = mean <= best.node.threshold;
    }
  }

  // A split of `rows` rows on feature f with `left` (class counts,
  // `left_rows` rows) going left: if both sides keep min_leaf_rows and it
  // is purer than `best`, it becomes `best` (feature and purity set; the
  // caller fills in where it cuts) and true is returned.
  bool TakeIfBetter(size_t f, const std::vector<size_t>& left, size_t left_rows, size_t rows,
                    const std::vector<size_t>& counts, Split& best) const {
    if (left_rows < options_.min_leaf_rows || rows - left_rows < options_.min_leaf_rows)
      return false;
    double purity = Purity(left, left_rows, counts, rows);
    if (purity <= best.purity + 1e-9) return false;
    best = Split{purity, TreeNode{}};
    best.node.feature = static_cast<int>(f);
    return true;
  }

  void TryCategorical(size_t f, const std::vector<size_t>& rows, const std::vector<size_t>& counts,
                      Split& best) {
    std::map<int32_t, std::vector<size_t>> by_code;  // code -> class counts
    for (size_t row : rows) {
      auto& c = by_code[features_[f]->codes[row]];
      if (c.empty()) c.assign(classes_, 0);
      ++c[labels_[row]];
    }
    if (by_code.size() < 2) return;
    for (int cls = 0; cls < classes_; ++cls) {
      std::vector<std::pair<int32_t, const std::vector<size_t>*>> order;
      for (const auto& [code, c] : by_code) order.emplace_back(code, &c);
      auto share = [cls](const std::vector<size_t>* c) {
        size_t total = 0;
        for (size_t n : *c) total += n;
        return static_cast<double>((*c)[cls]) / static_cast<double>(total);
      };
      std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return share(a.second) > share(b.second);
      });
      std::vector<size_t> left(classes_, 0);
      size_t left_rows = 0;
      for (size_t i = 0; i + 1 < order.size(); ++i) {
        for (int c = 0; c < classes_; ++c)
          left[c] += (*order[i].second)[c], left_rows += (*order[i].second)[c];
        if (!TakeIfBetter(f, left, left_rows, rows.size(), counts, best)) continue;
        for (size_t j = 0; j <= i; ++j) best.node.left_codes.push_back(order[j].first);
        std::sort(best.node.left_codes.begin(), best.node.left_codes.end());
        best.node.missing_left = best.node.left_codes.front() == -1;
      }
    }
  }

  const std::vector<const Feature*>& features_;
  const std::vector<int>& labels_;
  int classes_;
  TreeOptions options_;
  std::map<size_t, double> means_;
  DecisionTree tree_;
};

// Turns a split whose two sides are leaves with the same label into a leaf
// (a split that changes no prediction only lengthens the rules).
void Merge(DecisionTree& tree, int index) {
  TreeNode& node = tree.nodes[index];
  if (node.feature < 0) return;
  Merge(tree, node.left);
  Merge(tree, node.right);
  const TreeNode& left = tree.nodes[node.left];
  const TreeNode& right = tree.nodes[node.right];
  if (left.feature < 0 && right.feature < 0 && left.label == right.label) {
    node.label = left.label;
    node.feature = -1;
  }
}

}  // namespace

DecisionTree FitDecisionTree(const std::vector<const Feature*>& features,
                             const std::vector<int>& labels, int classes,
                             const TreeOptions& options) {
  std::vector<size_t> rows(labels.size());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  TreeBuilder builder(features, labels, classes, options);
  builder.Build(rows, 0);
  DecisionTree tree = builder.Take();
  Merge(tree, 0);
  size_t agree = 0;
  for (size_t r = 0; r < labels.size(); ++r) agree += PredictTree(tree, features, r) == labels[r];
  tree.agreement = labels.empty() ? 1.0 : static_cast<double>(agree) / labels.size();
  return tree;
}

int PredictTree(const DecisionTree& tree, const std::vector<const Feature*>& features, size_t row) {
  int index = 0;
  while (tree.nodes[index].feature >= 0) {
    const TreeNode& node = tree.nodes[index];
    index = SendsLeft(node, *features[node.feature], row) ? node.left : node.right;
  }
  return tree.nodes[index].label;
}

}  // namespace acctseg::learn
