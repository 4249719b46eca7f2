// The `routing:` section of a policy (YAML -> PolicyAst::routing;
// docs/routing.md): the touchpoint's fields, the teams and the ordered
// rules. Strict like the rest of the parser: every mistake is a diagnostic
// in the reader, and ParseRouting returns what it could read. Names and
// types are checked against the plan later, when routing/ binds the rules.
#pragma once

#include <yaml-cpp/yaml.h>

#include "policy/policy_ast.h"
#include "policy/yaml_reader.h"

namespace acctseg {

// `at`: where the section's key is written (RoutingDecl::location).
RoutingDecl ParseRouting(YamlReader& reader, const YAML::Node& body, const SourceLocation& at);

}  // namespace acctseg
