#include "policy/policy_limits.h"

#include <vector>

namespace acctseg {

bool ExceedsNodeBudget(const YAML::Node& root, size_t budget) {
  std::vector<YAML::Node> pending{root};
  size_t seen = 0;
  while (!pending.empty()) {
    YAML::Node node = pending.back();
    pending.pop_back();
    if (++seen > budget) return true;
    if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        pending.push_back(it->first);
        pending.push_back(it->second);
      }
    }
  }
  return false;
}

}  // namespace acctseg
