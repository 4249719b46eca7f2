// Limits for hostile policies (docs/testing.md): YAML aliases let a small
// file stand for a huge tree (an "alias bomb"), and every step costs a
// column per input row at run time. The parser reports each as a located
// policy error.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>

namespace acctseg {

inline constexpr size_t kMaxPolicyNodes = 1'000'000;  // after expanding aliases
inline constexpr size_t kMaxSteps = 1'000;
// yaml-cpp needs some hundred bytes a node, and policies are written by hand.
inline constexpr size_t kMaxPolicyBytes = size_t{2} << 20;

// True if the tree under `root`, counting an aliased node each time it is
// used, has more than `budget` nodes. Iterative and stops at the budget, so
// it costs O(budget) time and memory whatever the aliases.
bool ExceedsNodeBudget(const YAML::Node& root, size_t budget);

}  // namespace acctseg
