// Exact path-dependent TreeSHAP for one tree (Lundberg, Erion and Lee 2018,
// "Consistent individualized feature attribution for tree ensembles",
// Algorithm 2), written as XGBoost 1.7 writes it (src/tree/tree_model.cc:
// ExtendPath, UnwindPath, UnwoundPathSum, TreeShap) and in the same
// single-precision operations in the same order, so a whole tree's values
// are XGBoost's contributions bit for bit. Keep every expression's order:
// the tests compare bytes. Restricted to a route, the recursion visits only
// the route's nodes and the subtree below it.
#include <algorithm>
#include <iterator>
#include <vector>

#include "learn/tree_ensemble.h"

namespace acctseg::learn {

// One feature on the path from the root: the fraction of training rows
// (by hessian cover) that go its way, whether the row goes its way, and
// the permutation weight.
struct ShapPathElement {
  int feature = -1;
  float zero_fraction = 0;
  float one_fraction = 0;
  float weight = 0;
};

namespace {

using PathElement = ShapPathElement;

void ExtendPath(PathElement* path, unsigned depth, float zero_fraction, float one_fraction,
                int feature) {
  path[depth] = {feature, zero_fraction, one_fraction, depth == 0 ? 1.0f : 0.0f};
  for (int i = static_cast<int>(depth) - 1; i >= 0; i--) {
    path[i + 1].weight += one_fraction * path[i].weight * (i + 1) / static_cast<float>(depth + 1);
    path[i].weight = zero_fraction * path[i].weight * (depth - i) / static_cast<float>(depth + 1);
  }
}

void UnwindPath(PathElement* path, unsigned depth, unsigned index) {
  const float one_fraction = path[index].one_fraction;
  const float zero_fraction = path[index].zero_fraction;
  float next_one_portion = path[depth].weight;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float kept = path[i].weight;
      path[i].weight = next_one_portion * (depth + 1) / static_cast<float>((i + 1) * one_fraction);
      next_one_portion =
          kept - path[i].weight * zero_fraction * (depth - i) / static_cast<float>(depth + 1);
    } else {
      path[i].weight =
          (path[i].weight * (depth + 1)) / static_cast<float>(zero_fraction * (depth - i));
    }
  }
  for (unsigned i = index; i < depth; ++i) {
    path[i].feature = path[i + 1].feature;
    path[i].zero_fraction = path[i + 1].zero_fraction;
    path[i].one_fraction = path[i + 1].one_fraction;
  }
}

// The total permutation weight if element `index` were unwound.
float UnwoundPathSum(const PathElement* path, unsigned depth, unsigned index) {
  const float one_fraction = path[index].one_fraction;
  const float zero_fraction = path[index].zero_fraction;
  float next_one_portion = path[depth].weight;
  float total = 0;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float tmp = next_one_portion * (depth + 1) / static_cast<float>((i + 1) * one_fraction);
      total += tmp;
      next_one_portion =
          path[i].weight - tmp * zero_fraction * ((depth - i) / static_cast<float>(depth + 1));
    } else if (zero_fraction != 0) {
      total += (path[i].weight / zero_fraction) / ((depth - i) / static_cast<float>(depth + 1));
    }
  }
  return total;
}

}  // namespace

void TreeEnsemble::ShapRecurse(int32_t at, const int32_t* route, size_t route_left,
                               const float* row, float* phi, PathElement* parent_path,
                               unsigned depth, float zero_fraction, float one_fraction,
                               int feature) const {
  // Each level extends a copy of its parent's path, placed right after it.
  PathElement* path = parent_path + depth + 1;
  std::copy(parent_path, parent_path + depth + 1, path);
  ExtendPath(path, depth, zero_fraction, one_fraction, feature);
  const Node& node = nodes_[at];
  if (node.left == at) {  // a leaf
    for (unsigned i = 1; i <= depth; ++i) {
      const float w = UnwoundPathSum(path, depth, i);
      const PathElement& element = path[i];
      phi[element.feature] += w * (element.one_fraction - element.zero_fraction) * leaf_values_[at];
    }
    return;
  }
  const uint32_t split = node.feature & kFeatureMask;
  const int32_t hot = node.left + GoesRight(at, row[split]);
  const int32_t cold = hot == node.left ? node.left + 1 : node.left;
  const float cover = covers_[at];
  const float hot_zero_fraction = covers_[hot] / cover;
  const float cold_zero_fraction = covers_[cold] / cover;
  float incoming_zero_fraction = 1, incoming_one_fraction = 1;
  // A feature split on again above: undo its element so this split
  // redoes it with both splits' fractions.
  unsigned index = 0;
  for (; index <= depth; ++index)
    if (static_cast<unsigned>(path[index].feature) == split) break;
  if (index != depth + 1) {
    incoming_zero_fraction = path[index].zero_fraction;
    incoming_one_fraction = path[index].one_fraction;
    UnwindPath(path, depth, index);
    depth -= 1;
  }
  // On the way to the subtree only the child on the route is visited; the
  // path state a node sees depends on its ancestors alone, so the leaves
  // under it get what the whole tree's recursion gives them.
  const bool route_on = route_left > 0;
  if (!route_on || route[0] == hot)
    ShapRecurse(hot, route + route_on, route_left - route_on, row, phi, path, depth + 1,
                hot_zero_fraction * incoming_zero_fraction, incoming_one_fraction,
                static_cast<int>(split));
  if (!route_on || route[0] == cold)
    ShapRecurse(cold, route + route_on, route_left - route_on, row, phi, path, depth + 1,
                cold_zero_fraction * incoming_zero_fraction, 0, static_cast<int>(split));
}

float TreeEnsemble::SubtreeShap(const int32_t* route, size_t route_length, const float* row,
                                float* phi) const {
  // Every level copies its parent's path: a triangle of (depth + 2)(depth
  // + 3) / 2 elements, as XGBoost allocates it. The deepest tree bounds it.
  const size_t longest = static_cast<size_t>(deepest_) + 2;
  PathElement fixed[64];
  std::vector<PathElement> grown;
  PathElement* paths = fixed;
  if (longest * (longest + 1) / 2 > std::size(fixed)) {
    grown.resize(longest * (longest + 1) / 2);
    paths = grown.data();
  }
  ShapRecurse(route[0], route + 1, route_length - 1, row, phi, paths, 0, 1, 1, -1);
  // The row's leaf, if its walk follows the route.
  int32_t at = route[0];
  for (size_t k = 1; k < route_length; ++k) {
    at = Step(at, row);
    if (at != route[k]) return 0;
  }
  while (!IsLeaf(at)) at = Step(at, row);
  return leaf_values_[at];
}

}  // namespace acctseg::learn
