// Helpers shared by the plan and its what-if. Internal to src/coverage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coverage/capacity.h"

namespace acctseg::coverage {

// How a NULL region or tier reads in the plan.
inline constexpr const char* kNone = "(none)";
// A region or tier of an UncoveredAccount ("" for NULL) as the text reads it.
inline std::string OrNone(const std::string& value) { return value.empty() ? kNone : value; }

// The index into config.roles of each role name of `role`. Errors (kUsage):
// a role the config does not declare, with a did-you-mean.
std::vector<int32_t> RoleIndexes(const Categorical& role, const CapacityConfig& config);

// The codes of `names` in text (byte) order.
std::vector<int32_t> TextOrder(const std::vector<std::string>& names);

}  // namespace acctseg::coverage
