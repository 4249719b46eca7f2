// The parsed policy: what the YAML file says, with every expression still
// text and every element carrying its source location. Nothing here is
// checked against data; the binder (plan/) does that.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policy/source.h"

namespace acctseg {

// An expression as written in the policy, with where its text starts.
struct ExprText {
  std::string text;
  SourceLocation location;
  // Column of the text's first character on location.line, when the text
  // is on one line as written; lets diagnostics point inside it.
  bool single_line = true;
};

struct Named {
  std::string name;
  SourceLocation location;
};

struct ColumnDecl {
  Named name;
  std::string type;  // "string", "integer", "decimal(2)", "boolean"
  SourceLocation type_location;
  bool required = true;
  bool trim = true;
  bool empty_is_null = false;
  bool not_null = false;      // an empty value stops the run
  std::string invalid_issue;  // "": invalid values stop the run
};

struct InputDecl {
  Named name;  // matched with --input NAME=PATH
  std::optional<Named> key;
  std::vector<ColumnDecl> columns;
  std::optional<Named> encoding;  // absent: UTF-8
};

struct TableDecl {
  Named name;
  std::string path;  // relative to the policy file
  SourceLocation path_location;
  std::vector<ColumnDecl> columns;  // empty: every column, as strings
  std::optional<Named> encoding;    // absent: UTF-8
};

struct FamilyStep {
  Named id;
  Named parent;
  std::string missing_issue = "parent_missing";
  std::string cycle_issue = "parent_cycle";
};

struct ClassifyRule {
  std::optional<ExprText> when;  // absent: always matches (else)
  std::optional<std::string> label;
  std::optional<ExprText> value;
  std::string issue;
  SourceLocation location;
};

struct ClassifyStep {
  Named output;
  std::vector<ClassifyRule> rules;
};

struct LookupKey {
  // table column -> expression over the account
  std::vector<std::pair<Named, ExprText>> parts;
  SourceLocation location;
};

struct LookupStep {
  Named table;
  std::vector<LookupKey> keys;                   // tried in order
  std::vector<std::pair<Named, Named>> columns;  // output name <- table column
  std::string missing_issue;
};

struct ScoreTerm {
  std::optional<ExprText> when;
  ExprText points;
  std::string reason;
  SourceLocation location;
};

struct ScoreStep {
  Named output;
  std::vector<ScoreTerm> terms;
  std::optional<ExprText> min;
  std::optional<ExprText> max;
  std::optional<int> decimals;
};

struct OrderKey {
  ExprText expr;
  bool descending = false;
};

struct TierCut {
  std::string label;
  // At most one of these; none means "the rest".
  std::optional<ExprText> top_share;  // rank <= ceil(share * n)
  std::optional<ExprText> top_count;  // rank <= count
  std::optional<ExprText> min_value;  // first order key >= value (threshold)
  SourceLocation location;
};

struct TierStep {
  Named output;
  std::optional<ExprText> group_by;
  std::vector<OrderKey> order_by;
  std::vector<TierCut> cuts;
};

struct ComputeStep {
  std::vector<std::pair<Named, ExprText>> columns;  // in order; later may use earlier
};

struct Step {
  enum class Kind { kFamily, kClassify, kLookup, kScore, kTier, kCompute };
  Kind kind;
  std::string name;  // optional label for explain
  SourceLocation location;
  FamilyStep family;
  ClassifyStep classify;
  LookupStep lookup;
  ScoreStep score;
  TierStep tier;
  ComputeStep compute;
};

struct OutputDecl {
  std::vector<Named> columns;  // "issues" is the issue-code column
  std::string issues_separator = ";";
};

// What a run's summary counts and sums (the run store and diff use it).
struct SummaryDecl {
  bool declared = false;
  std::vector<Named> dimensions;  // text columns: counts per value
  std::vector<Named> measures;    // numeric columns: summed per dimension value
};

struct PolicyAst {
  std::shared_ptr<const SourceFile> source;
  std::string name;
  InputDecl input;
  std::vector<TableDecl> tables;
  std::vector<Step> steps;
  OutputDecl output;
  SummaryDecl summary;
};

// Parses a policy file. Throws Error(kPolicy) with located diagnostics for
// YAML syntax errors and for a shape that is not a policy; Error(kIo) if the
// file cannot be read.
PolicyAst ParsePolicyFile(const std::string& path);
PolicyAst ParsePolicyText(const std::string& path, const std::string& text);

}  // namespace acctseg
