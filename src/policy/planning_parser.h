// The planning sections of a policy, `coverage:` and `capacity:` (YAML ->
// PolicyAst::coverage, ::capacity; docs/planning/coverage.md). Strict like
// the rest of the parser: every mistake is a diagnostic in the reader, and
// the functions return what they could read.
#pragma once

#include <yaml-cpp/yaml.h>

#include "policy/policy_ast.h"
#include "policy/yaml_reader.h"

namespace acctseg {

// `at`: where the section's key is written (CoverageDecl::location).
CoverageDecl ParseCoverage(YamlReader& reader, const YAML::Node& body, const SourceLocation& at);
CapacityDecl ParseCapacity(YamlReader& reader, const YAML::Node& body, const SourceLocation& at);

// Every coverage rule's role must be a role of the capacity plan: a role no
// plan staffs is a typo or a forgotten role, found here rather than as a
// silently missing row of the plan.
void CheckCoverageRoles(YamlReader& reader, const CoverageDecl& coverage,
                        const CapacityDecl& capacity);

}  // namespace acctseg
