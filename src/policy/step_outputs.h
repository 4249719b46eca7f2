// The columns a policy step makes, as the policy writes them: for messages
// that need to know a name before its step is bound ("made later").
#pragma once

#include <vector>

#include "policy/policy_ast.h"

namespace acctseg {

// In the order the step makes them. A family step makes none by name (it
// gives parent. and global. access).
std::vector<const Named*> StepOutputs(const Step& step);

}  // namespace acctseg
