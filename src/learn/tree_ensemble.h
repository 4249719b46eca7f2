// The boosted trees of a propensity model in a flat form of our own, read
// from XGBoost's saved model (UBJSON), for scoring many rows fast. XGBoost 1.7's own
// predictor costs about 14 µs per row for 200 trees of depth 6 (its
// per-node bookkeeping dominates the profile), five times the rest of a
// segmentation policy; walking compact node arrays batch by batch costs a
// fraction of that and gives the same margins: the same decisions
// (`value < threshold` goes left, a missing value takes the default child,
// a category in the split's set goes right) and the leaf values added in
// tree order in single precision, as XGBoost adds them.
//
// Score's contributions are the trees' path attribution (Saabas): along each
// row's path, every split's feature gets the change in the node's mean
// value (its leaves weighted by their hessian cover), and the bias gets the
// root's. The contributions add up to the margin, like exact Shapley values,
// but credit a feature by where it sits in the trees.
//
// SubtreeShap is exact path-dependent TreeSHAP (Lundberg et al. 2018,
// Algorithm 2) with XGBoost's arithmetic, for a whole tree or the leaves
// under one node: a whole tree's Shapley values are XGBoost's bit for bit.
// exact_shap.h shares it across rows that decide alike.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <vector>

namespace acctseg::learn {

struct SavedTree;        // a tree as XGBoost saves it (tree_ensemble.cc)
struct ShapPathElement;  // TreeShap's scratch (tree_shap.cc)

class TreeEnsemble {
 public:
  // Reads the trees of an XGBoost gbtree model saved as UBJSON (binary
  // logistic, one output; XGBoost's JSON text writes NaN, which is not JSON). Throws Error(kStore)
  // when it is not one.
  static TreeEnsemble FromXgboostUbjson(std::string_view bytes);

  size_t features() const { return features_; }
  size_t trees() const { return trees_.size(); }

  // Margins (log-odds) of `rows` rows of `x`, row-major with features()
  // values each, NaN = missing (categories as codes).
  void Margins(const float* x, size_t rows, float* out) const;
  // Margins as above and, per row, features() + 1 path contributions (the
  // last: the bias) adding up to the row's margin, in one walk.
  void Score(const float* x, size_t rows, float* margins, float* contributions) const;

  // Exact TreeSHAP for one row, restricted to the leaves under one node:
  // `route` is the path from a tree's root down to that node (route[0] the
  // root). Adds each leaf's credit to phi[feature] (features() + 1 floats;
  // the bias is not added) in the order XGBoost adds them, and returns the
  // value of the leaf the row reaches if it is under that node, else 0.
  // The route of a root alone gives the whole tree's Shapley values.
  float SubtreeShap(const int32_t* route, size_t route_length, const float* row, float* phi) const;
  // What the trees add to before their leaves, and a tree's expected value
  // (its bias contribution).
  float base_margin() const { return base_margin_; }
  float TreeMean(size_t tree) const { return mean_values_[trees_[tree].root]; }

  // The nodes, for indexes over the trees' decisions: a tree's root, its
  // leaves, children (right = left + 1) and splits.
  struct Split {
    uint32_t feature = 0;
    bool categorical = false;
    float threshold = 0;         // numeric splits
    uint32_t category_span = 0;  // categorical: no code from here on goes right
  };
  int32_t Root(size_t tree) const { return trees_[tree].root; }
  bool IsLeaf(int32_t node) const { return nodes_[node].left == node; }
  int32_t LeftChild(int32_t node) const { return nodes_[node].left; }
  Split SplitAt(int32_t node) const;
  // Whether a row whose feature value at split `node` is `value` (NaN =
  // missing) goes to the right child: the predictor's own decision.
  bool GoesRight(int32_t node, float value) const;

 private:
  // One node, 12 bytes. Children are adjacent (right = left + 1), so a step
  // is `left + goes_right`, computed without a branch for numeric splits.
  // A leaf points at itself with a NaN threshold, so extra steps stay put
  // and every row of a block can take as many steps as the tree is deep.
  struct Node {
    int32_t left = 0;
    uint32_t feature = 0;  // kDefaultLeft and kCategorical flags in the top bits
    float threshold = 0;
  };
  static constexpr uint32_t kDefaultLeft = 1u << 31, kCategorical = 1u << 30;
  static constexpr uint32_t kFeatureMask = kCategorical - 1;
  // How a tree's nodes are decided: its splits all numeric, some
  // categorical with every set within codes 0..63, or some with wider sets.
  enum class Splits : uint8_t { kNumeric, kNarrowSets, kWideSets };
  struct Tree {
    int32_t root = 0;
    int32_t depth = 0;
    Splits splits = Splits::kNumeric;
  };
  // A node as the walks decide it, without a branch (GoesRight's decision,
  // whose branches mispredict when a block's rows meet numeric and
  // categorical splits at random). A row goes right when its value is at
  // least the threshold (NaN for categorical splits and leaves: never), or
  // it is missing and the default is right, or it is a code below 64 whose
  // bit in `codes_right` is set (0 for numeric splits and leaves).
  struct Decision {
    int32_t left = 0;
    uint32_t feature = 0;
    float threshold = 0;
    uint32_t default_right = 0;
    uint64_t codes_right = 0;
  };
  // The node a row at node `at` goes to next.
  int32_t Step(int32_t at, const float* row) const {
    return nodes_[at].left + GoesRight(at, row[nodes_[at].feature & kFeatureMask]);
  }
  // The same from decisions_, for trees of kSplits (kWideSets: Step).
  template <Splits kSplits>
  int32_t Decide(int32_t at, const float* row) const;
  // Walks `count` rows of `block` down one tree, level by level: at[r]
  // from its root to the row's leaf, and if kAttribute, each step's
  // credit added to the row's `credit` (features() + 1 floats a row).
  template <bool kAttribute, Splits kSplits>
  void WalkTree(const Tree& tree, const float* block, size_t count, int32_t* at,
                float* credit) const;
  // The decisions of the last tree's nodes, and how they are decided.
  void AddDecisions(Tree& tree);
  void ShapRecurse(int32_t at, const int32_t* route, size_t route_left, const float* row,
                   float* phi, ShapPathElement* parent_path, unsigned depth, float zero_fraction,
                   float one_fraction, int feature) const;
  template <bool kAttribute>
  void Walk(const float* x, size_t rows, float* margins, float* contributions) const;
  SavedTree ReadTree(const nlohmann::json& tree);  // registers its category sets
  void AddTree(const SavedTree& saved);

  size_t features_ = 0;
  float base_margin_ = 0;
  int32_t deepest_ = 0;      // the deepest tree's depth
  std::vector<Node> nodes_;  // all trees' nodes
  std::vector<Tree> trees_;
  std::vector<float> leaf_values_;                    // per node (a leaf's value; 0 for others)
  std::vector<float> mean_values_;                    // per node, for the path attribution
  std::vector<float> covers_;                         // per node: its rows' hessian sum
  std::vector<int32_t> category_set_;                 // per node: into category_sets_, -1 if none
  std::vector<std::vector<uint64_t>> category_sets_;  // bitsets of the categories going right
  std::vector<Decision> decisions_;                   // per node
};

}  // namespace acctseg::learn
