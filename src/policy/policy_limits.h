// Limits for hostile policies (docs/testing.md): YAML aliases let a small
// file stand for a huge tree (an "alias bomb"), and every step costs a
// column per input row at run time. The parser reports each as a located
// policy error.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

namespace acctseg {

inline constexpr size_t kMaxPolicyNodes = 1'000'000;  // after expanding aliases
inline constexpr size_t kMaxSteps = 1'000;
// yaml-cpp needs some hundred bytes a node, and policies are written by hand.
inline constexpr size_t kMaxPolicyBytes = size_t{2} << 20;

// True if the YAML document in `text`, counting an aliased node each time
// it is used, has more than `budget` nodes (an alias to a node that is not
// finished yet, a cycle, counts as too many). Counts parser events and the
// size of each anchored node, never walking the expanded tree: O(text)
// time and O(anchors) memory whatever the aliases. Text that does not parse
// gives false (loading it reports the located error).
bool ExceedsNodeBudget(const std::string& text, size_t budget);

}  // namespace acctseg
