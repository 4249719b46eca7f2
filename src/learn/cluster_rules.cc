#include "learn/cluster_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "table/date_time.h"

namespace acctseg::learn {
namespace {

// What the path to a leaf requires of one feature.
struct Constraint {
  const TreeNode* lower = nullptr;  // value > lower->threshold
  const TreeNode* upper = nullptr;  // value <= upper->threshold
  bool missing_ok = true;
  std::set<int32_t> allowed;  // categorical: codes still possible (-1 = missing)
};

using Path = std::vector<std::pair<int, Constraint>>;  // by feature, in order of first use

Constraint& ConstraintOf(Path& path, int feature, const Feature& f) {
  for (auto& [index, constraint] : path)
    if (index == feature) return constraint;
  Constraint fresh;
  if (f.kind == FeatureKind::kCategorical) {
    fresh.allowed.insert(-1);
    for (int32_t c = 0; c < static_cast<int32_t>(f.categories.size()); ++c) fresh.allowed.insert(c);
  }
  path.emplace_back(feature, fresh);
  return path.back().second;
}

// Narrows `path` by taking one side of `node`.
void Take(Path& path, const TreeNode& node, const Feature& feature, bool left) {
  Constraint& c = ConstraintOf(path, node.feature, feature);
  c.missing_ok = c.missing_ok && node.missing_left == left;
  if (feature.kind == FeatureKind::kCategorical) {
    std::set<int32_t> kept;
    for (int32_t code : c.allowed)
      if (std::binary_search(node.left_codes.begin(), node.left_codes.end(), code) == left)
        kept.insert(code);
    c.allowed = std::move(kept);
  } else if (left) {
    if (!c.upper || node.threshold < c.upper->threshold) c.upper = &node;
  } else {
    if (!c.lower || node.threshold > c.lower->threshold) c.lower = &node;
  }
}

// The shortest fixed-point decimal between the values a split separates.
std::string Threshold(const TreeNode& node) {
  char text[64];
  for (int digits = 0; digits <= 15; ++digits) {
    // Rounded, else rounded down toward the left side's values: between
    // 99999 and 100000 that gives 99999 rather than 99999.5.
    double scale = std::pow(10.0, digits);
    for (double candidate : {node.threshold, std::floor(node.threshold * scale) / scale}) {
      std::snprintf(text, sizeof text, "%.*f", digits, candidate);
      double value = std::strtod(text, nullptr);
      if (value >= node.left_max && value < node.right_min) return text;
    }
  }
  return text;
}

std::string SqlString(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

class ConditionWriter {
 public:
  ConditionWriter(const std::vector<const Feature*>& features, const ClassifyYamlOptions& options)
      : features_(features), options_(options) {
    for (const Feature* feature : features) {
      bool missing = false;
      for (size_t r = 0; r < feature->rows() && !missing; ++r) missing = feature->IsMissing(r);
      has_missing_.push_back(missing);
    }
  }

  std::string Name(const Feature& feature) const {
    const std::string& name = feature.name;
    bool plain =
        !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    std::string upper;
    for (char c : name) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (plain && !(options_.is_keyword && options_.is_keyword(upper))) return name;
    return "\"" + name + "\"";
  }

  // "" when the constraint allows every value.
  std::string Condition(int index, const Constraint& c) const {
    const Feature& feature = *features_[index];
    const std::string name = Name(feature);
    std::string condition = feature.kind == FeatureKind::kCategorical ? Categories(feature, name, c)
                                                                      : Range(feature, name, c);
    // A feature the data never misses gets no IS NULL: it would only
    // lengthen the rule (a NULL at run time matches no comparison and falls
    // through to a later rule or the else).
    if (!has_missing_[index] || !c.missing_ok || condition == name + " IS NULL") return condition;
    if (condition.empty()) return "";
    if (condition.find(" AND ") != std::string::npos) condition = "(" + condition + ")";
    return "(" + name + " IS NULL OR " + condition + ")";
  }

 private:
  std::string Bound(const Feature& feature, const std::string& name, const TreeNode& node,
                    bool upper) const {
    if (options_.booleans.count(feature.name)) return upper ? "NOT " + name : name;
    std::string op = upper ? " <= " : " > ";
    if (feature.is_date)  // days since 1970: the whole day at or below the threshold
      return name + op + "DATE '" + FormatDate(static_cast<int64_t>(std::floor(node.threshold))) +
             "'";
    return name + op + Threshold(node);
  }

  std::string Range(const Feature& feature, const std::string& name, const Constraint& c) const {
    std::string lower = c.lower ? Bound(feature, name, *c.lower, false) : "";
    std::string upper = c.upper ? Bound(feature, name, *c.upper, true) : "";
    if (!lower.empty() && !upper.empty()) return lower + " AND " + upper;
    return lower + upper;
  }

  std::string Categories(const Feature& feature, const std::string& name,
                         const Constraint& c) const {
    std::vector<int32_t> in, out;
    for (int32_t code = 0; code < static_cast<int32_t>(feature.categories.size()); ++code)
      (c.allowed.count(code) ? in : out).push_back(code);
    if (in.empty()) return name + " IS NULL";
    if (out.empty()) return c.missing_ok ? "" : name + " IS NOT NULL";
    bool negate = out.size() < in.size();
    std::string list;
    for (int32_t code : negate ? out : in)
      list += (list.empty() ? "" : ", ") + SqlString(feature.categories[code]);
    return name + (negate ? " NOT IN (" : " IN (") + list + ")";
  }

  const std::vector<const Feature*>& features_;
  const ClassifyYamlOptions& options_;
  std::vector<bool> has_missing_;  // per feature: a missing value occurs in the data
};

bool NeedsYamlQuotes(const std::string& text) {
  return text.empty() || text[0] == '-' || text[0] == '?' || text.back() == ' ' ||
         text.find_first_of(":#'\"{}[],&*!|>%@`\\") != std::string::npos;
}

// A double-quoted YAML scalar (labels: always quoted, so "true" stays text).
std::string YamlQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Rule {
  std::string when;  // "" = the else
  int label;
};

void CollectRules(const DecisionTree& tree, int index, Path path, const ConditionWriter& writer,
                  const std::vector<const Feature*>& features, std::vector<Rule>& rules) {
  const TreeNode& node = tree.nodes[index];
  if (node.feature < 0) {
    std::string when;
    for (const auto& [feature, constraint] : path) {
      std::string condition = writer.Condition(feature, constraint);
      if (!condition.empty()) when += (when.empty() ? "" : " AND ") + condition;
    }
    rules.push_back({when, node.label});
    return;
  }
  for (bool left : {true, false}) {
    Path side = path;
    Take(side, node, *features[node.feature], left);
    CollectRules(tree, left ? node.left : node.right, side, writer, features, rules);
  }
}

}  // namespace

std::string ClassifyStepYaml(const DecisionTree& tree, const std::vector<const Feature*>& features,
                             const std::vector<std::string>& labels,
                             const std::vector<std::string>& comments,
                             const ClassifyYamlOptions& options) {
  std::vector<Rule> rules;
  CollectRules(tree, 0, {}, ConditionWriter(features, options), features, rules);
  std::string yaml;
  for (const std::string& line : comments) yaml += line.empty() ? "#\n" : "# " + line + "\n";
  const std::string& output = options.output;
  yaml +=
      "  - classify:\n      output: " + (NeedsYamlQuotes(output) ? YamlQuoted(output) : output) +
      "\n      rules:\n";
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string label = YamlQuoted(labels[rules[i].label]);
    if (i + 1 == rules.size() || rules[i].when.empty()) {
      yaml += "        - else: " + label + "\n";
      break;
    }
    // An expression with quoted names or strings goes in a folded block
    // scalar, which needs no escaping: it reads as written in a policy.
    const std::string& when = rules[i].when;
    yaml += NeedsYamlQuotes(when) ? "        - when: >-\n            " + when + "\n"
                                  : "        - when: " + when + "\n";
    yaml += "          then: " + label + "\n";
  }
  return yaml;
}

}  // namespace acctseg::learn
