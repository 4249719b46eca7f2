// Reads values out of a policy's YAML nodes, reporting every mistake as a
// located diagnostic: the vocabulary the policy parsers share (the steps in
// policy_parser.cc, the planning sections in planning_parser.cc). Not
// thread-safe; one reader per file being parsed.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy_ast.h"
#include "policy/source.h"

namespace acctseg {

class YamlReader {
 public:
  explicit YamlReader(std::shared_ptr<const SourceFile> source);

  const std::shared_ptr<const SourceFile>& source() const { return source_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  SourceLocation At(const YAML::Mark& mark) const;
  // Line `line` (1-based) without its end, like SourceFile::Line but without
  // a scan from the start: policies may have many thousands of expressions.
  std::string_view LineText(size_t line) const;
  // Why YAML read no value at `at` where one was expected (for messages).
  std::string NoValueHint(const SourceLocation& at) const;

  // Where `key` itself is written in `map` (not its value); the map's place
  // if absent.
  SourceLocation KeyAt(const YAML::Node& map, const char* key) const;
  // map[key], or a "missing key" diagnostic at the map and a null node.
  YAML::Node Require(const YAML::Node& map, const char* key);
  // Require(map, key) as a Name; an empty value (`model:` and nothing after
  // it) is a diagnostic at the key, where yaml-cpp would place it at the
  // next token, often on the next line.
  Named RequireName(const YAML::Node& map, const char* key);
  // An "unknown key" diagnostic (with a did-you-mean) for every key of `map`
  // not in `allowed`; nothing when `map` is not a mapping.
  void CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed);
  // A "repeated key" diagnostic for every key written twice in one mapping,
  // anywhere under `node`: yaml-cpp keeps both and every lookup finds the
  // first, so a second `steps:` or `output:` was silently ignored.
  void CheckRepeatedKeys(const YAML::Node& node);
  // A diagnostic for a quoted scalar anywhere under `node` whose closing
  // quote is missing: yaml-cpp takes the end of the file for it, so a
  // forgotten quote silently swallowed every line after it.
  void CheckQuotesClosed(const YAML::Node& node);
  // Keys are names; a sequence or mapping used as a key (`? [a, b]`) is
  // reported here, once, and the caller skips the entry.
  bool IsScalarKey(const YAML::Node& key);

  std::string Scalar(const YAML::Node& n, const char* what);
  Named Name(const YAML::Node& n, const char* what);
  // An expression, located at its first character: after an opening quote,
  // or on the line after a block scalar indicator.
  ExprText Expr(const YAML::Node& n, const char* what);
  bool Bool(const YAML::Node& n, const char* what);
  // A plain decimal number >= 0 ("1400", "0.15", "1.2e6"); a diagnostic and
  // nullopt otherwise.
  std::optional<double> NonNegativeNumber(const YAML::Node& n, const char* what);

  // Ordered rules as `coverage:` and `routing:` write them: a non-empty list
  // of mappings {when, FIELDS...}, the last of which may be {else: {FIELDS...}}.
  // Calls `parse(fields, is_else, at)` for each well-shaped rule: `fields` is
  // the rule's mapping (with its `when`) or its else's (without), `at` where
  // the rule is written. Every mistake of shape (unknown keys included) is a
  // diagnostic naming `section`.
  using RuleParser =
      std::function<void(const YAML::Node& fields, bool is_else, const SourceLocation& at)>;
  void ParseOrderedRules(const YAML::Node& rules, const std::string& section,
                         const std::vector<std::string>& fields, const RuleParser& parse);
  // The same, collecting the rules: each one's `location` and `when` are set
  // here, the rest by `fields_of(reader, fields, &rule)`.
  template <typename Rule>
  void ParseOrderedRules(const YAML::Node& rules, const std::string& section,
                         const std::vector<std::string>& fields,
                         void (*fields_of)(YamlReader&, const YAML::Node&, Rule*),
                         std::vector<Rule>* out) {
    ParseOrderedRules(rules, section, fields,
                      [&](const YAML::Node& n, bool is_else, const SourceLocation& at) {
                        Rule rule;
                        rule.location = at;
                        if (!is_else)
                          if (auto w = Require(n, "when")) rule.when = Expr(w, "when");
                        fields_of(*this, n, &rule);
                        out->push_back(std::move(rule));
                      });
  }

 private:
  std::shared_ptr<const SourceFile> source_;
  std::vector<size_t> line_starts_;  // byte offset of each line, for LineText
  Diagnostics diagnostics_;
};

// "a, b or c": the names a message offers when no did-you-mean fits.
std::string OneOf(const std::vector<std::string>& labels);

}  // namespace acctseg
