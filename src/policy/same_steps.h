// Whether two policies begin with the same steps, so that one run's state
// after those steps can serve the other (whatif runs a policy and its edit
// over one input, and the edit usually changes a late step: a tier cut, a
// score weight).
#pragma once

#include <cstddef>

#include "policy/policy_ast.h"

namespace acctseg {

// How many of the two policies' first steps are the same steps over the
// same data: their inputs, tables and as_of are the same YAML (comments,
// spacing, quoting style and places in the file aside), their tables are
// read from the same files, and each of those steps is the same YAML. A
// plan compiled from either binds those steps to the same slots, issue bits
// and expression nodes. 0 when anything before the steps differs.
size_t SameLeadingSteps(const PolicyAst& a, const PolicyAst& b);

}  // namespace acctseg
