#include "policy/same_steps.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

namespace acctseg {
namespace {

// A node as canonical text: the same for the same content however it was
// written (comments, indentation, flow or block style, quoting); an absent
// node is "". Map keys keep their order: the parser reads steps in order.
void AppendCanonical(const YAML::Node& node, std::string& out) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // Length-prefixed, so no scalar's text can pass for structure.
      out += std::to_string(node.Scalar().size()) + ':' + node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out += '[';
      for (const YAML::Node& item : node) AppendCanonical(item, out), out += ',';
      out += ']';
      break;
    case YAML::NodeType::Map:
      out += '{';
      for (const auto& entry : node) {
        AppendCanonical(entry.first, out);
        out += '=';
        AppendCanonical(entry.second, out);
        out += ',';
      }
      out += '}';
      break;
    case YAML::NodeType::Null:
      out += '~';
      break;
    case YAML::NodeType::Undefined:
      break;
  }
}

std::string Canonical(const YAML::Node& node) {
  std::string out;
  if (node) AppendCanonical(node, out);
  return out;
}

std::filesystem::path DirectoryOf(const PolicyAst& policy) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::path(policy.source->path).parent_path();
  std::filesystem::path resolved = std::filesystem::weakly_canonical(
      dir.empty() ? std::filesystem::current_path(error) : dir, error);
  return error ? dir : resolved;
}

}  // namespace

size_t SameLeadingSteps(const PolicyAst& a, const PolicyAst& b) {
  if (!a.source || !b.source || a.as_of_override != b.as_of_override) return 0;
  YAML::Node root_a, root_b;
  try {
    root_a = YAML::Load(a.source->text);
    root_b = YAML::Load(b.source->text);
  } catch (const YAML::Exception&) {
    return 0;  // parsed once already; never expected, and sharing is only a saving
  }
  for (const char* key : {"input", "inputs", "tables", "as_of"})
    if (Canonical(root_a[key]) != Canonical(root_b[key])) return 0;
  // Table paths are relative to the policy file: the same text names the
  // same file only from the same directory.
  if (!a.tables.empty() && DirectoryOf(a) != DirectoryOf(b)) return 0;
  const YAML::Node steps_a = root_a["steps"], steps_b = root_b["steps"];
  const size_t most = std::min({a.steps.size(), b.steps.size(), steps_a.size(), steps_b.size()});
  size_t same = 0;
  while (same < most && Canonical(steps_a[same]) == Canonical(steps_b[same])) ++same;
  return same;
}

}  // namespace acctseg
