#include "learn/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#if defined(__x86_64__) || defined(__SSE__)
#include <immintrin.h>
#endif

#include "common/error.h"

namespace acctseg::learn {
namespace {

// Rows scored tree by tree at a time: the block's rows stay in cache while
// each tree's nodes are walked for all of them.
constexpr size_t kBlock = 64;

Error NotAModel(const std::string& why) {
  return Error(ErrorKind::kStore, "the stored propensity model's trees cannot be read: " + why);
}

// XGBoost writes parameters as text ("5E-1") and arrays as numbers.
float NumberOf(const nlohmann::json& value) {
  if (value.is_string()) return std::stof(value.get<std::string>());
  return value.get<float>();
}

bool FlagOf(const nlohmann::json& value) {
  return value.is_boolean() ? value.get<bool>() : value.get<int>() != 0;
}

}  // namespace

// One tree as XGBoost saves it: parallel arrays indexed by its node ids.
struct SavedTree {
  std::vector<int32_t> left, right;
  std::vector<uint32_t> feature;
  std::vector<float> condition, hessian;
  std::vector<bool> default_left;
  std::vector<int32_t> category_set;  // into the ensemble's sets, -1 none
};

TreeEnsemble TreeEnsemble::FromXgboostUbjson(std::string_view bytes) {
  TreeEnsemble out;
  try {
    nlohmann::json model = nlohmann::json::from_ubjson(bytes);
    const nlohmann::json& learner = model.at("learner");
    const nlohmann::json& parameters = learner.at("learner_model_param");
    out.features_ = static_cast<size_t>(NumberOf(parameters.at("num_feature")));
    if (NumberOf(parameters.at("num_class")) > 1) throw NotAModel("more than one output");
    // binary:logistic keeps the base score as a probability; its margin is
    // what the trees add to (XGBoost: -log(1/p - 1) in single precision).
    float base_score = NumberOf(parameters.at("base_score"));
    out.base_margin_ = -std::log(1.0f / base_score - 1.0f);
    const nlohmann::json& booster = learner.at("gradient_booster");
    if (booster.at("name") != "gbtree") throw NotAModel("not a gbtree booster");
    for (const nlohmann::json& tree : booster.at("model").at("trees"))
      out.AddTree(out.ReadTree(tree));
  } catch (const nlohmann::json::exception& e) {
    throw NotAModel(e.what());
  } catch (const std::invalid_argument& e) {
    throw NotAModel(e.what());
  }
  return out;
}

SavedTree TreeEnsemble::ReadTree(const nlohmann::json& tree) {
  SavedTree saved;
  saved.left = tree.at("left_children").get<std::vector<int32_t>>();
  saved.right = tree.at("right_children").get<std::vector<int32_t>>();
  saved.feature = tree.at("split_indices").get<std::vector<uint32_t>>();
  saved.condition = tree.at("split_conditions").get<std::vector<float>>();
  saved.hessian = tree.at("sum_hessian").get<std::vector<float>>();
  const size_t count = saved.left.size();
  for (const nlohmann::json& flag : tree.at("default_left"))
    saved.default_left.push_back(FlagOf(flag));
  if (saved.right.size() != count || saved.feature.size() != count ||
      saved.condition.size() != count || saved.hessian.size() != count ||
      saved.default_left.size() != count || count == 0)
    throw NotAModel("a tree's arrays differ in length");
  saved.category_set.assign(count, -1);
  if (tree.contains("categories_nodes")) {
    const auto& nodes = tree.at("categories_nodes");
    const auto& segments = tree.at("categories_segments");
    const auto& sizes = tree.at("categories_sizes");
    const auto& categories = tree.at("categories");
    for (size_t k = 0; k < nodes.size(); ++k) {
      std::vector<uint64_t> bits;
      size_t begin = segments.at(k).get<size_t>(), size = sizes.at(k).get<size_t>();
      for (size_t c = begin; c < begin + size; ++c) {
        auto category = categories.at(c).get<uint32_t>();
        // Categories are codes below the feature's category count, which
        // no frame makes anywhere near this (a damaged model could).
        if (category >= (1u << 24)) throw NotAModel("a category code out of range");
        if (bits.size() <= category / 64) bits.resize(category / 64 + 1, 0);
        bits[category / 64] |= uint64_t{1} << (category % 64);
      }
      saved.category_set.at(nodes.at(k).get<size_t>()) =
          static_cast<int32_t>(category_sets_.size());
      category_sets_.push_back(std::move(bits));
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (saved.left[i] < 0) continue;
    if (static_cast<size_t>(saved.left[i]) >= count || saved.right[i] < 0 ||
        static_cast<size_t>(saved.right[i]) >= count)
      throw NotAModel("a child outside its tree");
    if (saved.feature[i] >= features_ || saved.feature[i] > kFeatureMask)
      throw NotAModel("a split on an unknown feature");
  }
  return saved;
}

void TreeEnsemble::AddTree(const SavedTree& saved) {
  // Lay the tree out breadth first, each node's children side by side.
  const int32_t root = static_cast<int32_t>(nodes_.size());
  std::vector<int32_t> order = {0}, depth_of = {0};
  std::vector<int32_t> placed(saved.left.size(), -1);
  placed[0] = root;
  int32_t depth = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    int32_t id = order[k];
    if (saved.left[id] < 0) continue;
    for (int32_t child : {saved.left[id], saved.right[id]}) {
      if (placed[child] >= 0) throw NotAModel("a node with two parents");
      placed[child] = root + static_cast<int32_t>(order.size());
      order.push_back(child);
      depth_of.push_back(depth_of[k] + 1);
      depth = std::max(depth, depth_of.back());
    }
  }
  nodes_.resize(root + order.size());
  leaf_values_.resize(nodes_.size(), 0.0f);
  mean_values_.resize(nodes_.size(), 0.0f);
  covers_.resize(nodes_.size(), 0.0f);
  category_set_.resize(nodes_.size(), -1);
  // Children come after their parents in `order`: a reverse pass sees
  // them first, so each node's mean (its leaves weighted by hessian cover)
  // is ready when its parent needs it.
  for (size_t k = order.size(); k-- > 0;) {
    const int32_t id = order[k], at = placed[id];
    Node& node = nodes_[at];
    covers_[at] = saved.hessian[id];
    if (saved.left[id] < 0) {
      node.left = at;
      node.feature = kDefaultLeft;
      node.threshold = std::numeric_limits<float>::quiet_NaN();
      leaf_values_[at] = saved.condition[id];
      mean_values_[at] = saved.condition[id];
      continue;
    }
    node.left = placed[saved.left[id]];
    if (placed[saved.right[id]] != node.left + 1) throw NotAModel("children not side by side");
    node.feature = saved.feature[id] | (saved.default_left[id] ? kDefaultLeft : 0) |
                   (saved.category_set[id] >= 0 ? kCategorical : 0);
    node.threshold = saved.condition[id];
    category_set_[at] = saved.category_set[id];
    float result = mean_values_[node.left] * saved.hessian[saved.left[id]];
    result += mean_values_[node.left + 1] * saved.hessian[saved.right[id]];
    result /= saved.hessian[id];
    mean_values_[at] = result;
  }
  trees_.push_back({root, depth});
  AddDecisions(trees_.back());
  deepest_ = std::max(deepest_, depth);
}

void TreeEnsemble::AddDecisions(Tree& tree) {
  decisions_.resize(nodes_.size());
  for (size_t at = tree.root; at < nodes_.size(); ++at) {
    const Node& node = nodes_[at];
    Decision& decision = decisions_[at];
    decision.left = node.left;
    decision.feature = node.feature & kFeatureMask;
    decision.threshold = node.threshold;  // a leaf's is NaN
    decision.default_right = !(node.feature & kDefaultLeft);
    if (!(node.feature & kCategorical)) continue;
    decision.threshold = std::numeric_limits<float>::quiet_NaN();
    const std::vector<uint64_t>& codes = category_sets_[category_set_[at]];
    if (codes.size() > 1) tree.splits = Splits::kWideSets;
    if (tree.splits == Splits::kNumeric) tree.splits = Splits::kNarrowSets;
    if (!codes.empty()) decision.codes_right = codes[0];
  }
}

bool TreeEnsemble::GoesRight(int32_t at, float v) const {
  const Node& node = nodes_[at];
  bool missing = std::isnan(v);
  if (!(node.feature & kCategorical)) {
    // Numeric: `v < threshold` goes left; NaN compares false both ways, so
    // a missing value goes right exactly when the default is not left.
    return (v >= node.threshold) | (missing & !(node.feature & kDefaultLeft));
  }
  if (missing) return !(node.feature & kDefaultLeft);
  // A category in the set goes right; any other value (unseen, negative,
  // beyond the set) goes left, as in XGBoost's common::Decision.
  // Compared as a float before the cast, which is undefined for infinity
  // (it made category 0 on x86).
  const std::vector<uint64_t>& bits = category_sets_[category_set_[at]];
  if (!(v >= 0) || !(v < static_cast<float>(bits.size() * 64))) return false;
  auto category = static_cast<uint64_t>(v);
  return (bits[category / 64] >> (category % 64)) & 1;
}

TreeEnsemble::Split TreeEnsemble::SplitAt(int32_t at) const {
  const Node& node = nodes_[at];
  const bool categorical = (node.feature & kCategorical) != 0;
  const uint32_t span =
      categorical ? static_cast<uint32_t>(category_sets_[category_set_[at]].size() * 64) : 0;
  return {node.feature & kFeatureMask, categorical, node.threshold, span};
}

namespace {

// A categorical split's code for `value`, clamped to 0..63 (NaN: 0)
// without a branch: minss and maxss where there are, as the compiler
// makes branches of a float's min and max.
uint32_t ClampedCode(float value) {
#if defined(__x86_64__) || defined(__SSE__)
  const __m128 v = _mm_set_ss(value);
  return static_cast<uint32_t>(
      _mm_cvttss_si32(_mm_min_ss(_mm_max_ss(v, _mm_setzero_ps()), _mm_set_ss(63.0f))));
#else
  return static_cast<uint32_t>(value >= 0.0f ? std::min(value, 63.0f) : 0.0f);
#endif
}

}  // namespace

template <TreeEnsemble::Splits kSplits>
int32_t TreeEnsemble::Decide(int32_t at, const float* row) const {
  if (kSplits == Splits::kWideSets) return Step(at, row);
  const Decision& node = decisions_[at];
  const float v = row[node.feature];
  uint64_t right = (v >= node.threshold) | ((v != v) & node.default_right);
  if (kSplits == Splits::kNarrowSets) {
    // Codes are whole numbers, so the cast truncates only what is not one,
    // as GoesRight's does.
    const uint64_t coded = (v >= 0.0f) & (v < 64.0f);
    right |= (node.codes_right >> ClampedCode(v)) & coded;
  }
  return node.left + static_cast<int32_t>(right);
}

template <bool kAttribute, TreeEnsemble::Splits kSplits>
void TreeEnsemble::WalkTree(const Tree& tree, const float* block, size_t count, int32_t* at,
                            float* credit) const {
  const size_t width = features_ + 1;
  for (size_t r = 0; r < count; ++r) at[r] = tree.root;
  if (kAttribute)
    for (size_t r = 0; r < count; ++r) credit[r * width + features_] += mean_values_[tree.root];
  // Level by level across the block: the rows' walks are independent,
  // so the processor overlaps them.
  for (int32_t level = 0; level < tree.depth; ++level) {
    for (size_t r = 0; r < count; ++r) {
      const int32_t from = at[r], to = Decide<kSplits>(from, block + r * features_);
      // A leaf steps to itself, crediting nothing.
      if (kAttribute && to != from)
        credit[r * width + (nodes_[from].feature & kFeatureMask)] +=
            mean_values_[to] - mean_values_[from];
      at[r] = to;
    }
  }
}

template <bool kAttribute>
void TreeEnsemble::Walk(const float* x, size_t rows, float* margins, float* contributions) const {
  const size_t width = features_ + 1;
  if (kAttribute) std::fill(contributions, contributions + rows * width, 0.0f);
  int32_t at[kBlock];
  for (size_t begin = 0; begin < rows; begin += kBlock) {
    const size_t count = std::min(rows - begin, kBlock);
    const float* block = x + begin * features_;
    float* credit = kAttribute ? contributions + begin * width : nullptr;
    for (size_t r = 0; r < count; ++r) margins[begin + r] = base_margin_;
    for (const Tree& tree : trees_) {
      // Margins alone keep GoesRight's branches: on the benchmark's
      // accounts they cost the same or less (a margin step is short
      // enough that the decisions' extra work shows).
      switch (kAttribute ? tree.splits : Splits::kWideSets) {
        case Splits::kNumeric:
          WalkTree<kAttribute, Splits::kNumeric>(tree, block, count, at, credit);
          break;
        case Splits::kNarrowSets:
          WalkTree<kAttribute, Splits::kNarrowSets>(tree, block, count, at, credit);
          break;
        case Splits::kWideSets:
          WalkTree<kAttribute, Splits::kWideSets>(tree, block, count, at, credit);
          break;
      }
      for (size_t r = 0; r < count; ++r) margins[begin + r] += leaf_values_[at[r]];
    }
    if (kAttribute)
      for (size_t r = 0; r < count; ++r) credit[r * width + features_] += base_margin_;
  }
}

void TreeEnsemble::Margins(const float* x, size_t rows, float* out) const {
  Walk<false>(x, rows, out, nullptr);
}

void TreeEnsemble::Score(const float* x, size_t rows, float* margins, float* contributions) const {
  Walk<true>(x, rows, margins, contributions);
}

}  // namespace acctseg::learn
