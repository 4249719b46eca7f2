// The parsed policy: what the YAML file says, with every expression still
// text and every element carrying its source location. Nothing here is
// checked against data; the binder (plan/) does that.
#pragma once

#include <cstdint>
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
  // A quoted scalar with escapes ('' in single quotes; \t, \u00e9 in
  // double ones): for each byte of `text` and one past its end, how many
  // columns after location.column it was written. Empty: one column a byte.
  std::vector<uint32_t> written_at;
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
  // Timestamps: the zone of values written without an offset ("UTC",
  // "+02:00"); absent: such values are invalid.
  std::optional<Named> timezone;
  // Only known once the outcome is (a sales stage's duration, a close
  // date): never a feature when learning from outcomes (acctseg learn).
  bool post_outcome = false;
};

// How a table's text file is written, where its declaration says so.
struct FileFormatDecl {
  std::optional<Named> encoding;      // absent: UTF-8
  std::optional<Named> delimiter;     // absent: what the file's name says
  std::optional<Named> decimal_mark;  // absent: '.'
};

struct InputDecl {
  Named name;  // matched with --input NAME=PATH
  std::optional<Named> key;
  std::vector<ColumnDecl> columns;
  FileFormatDecl format;
};

// One column of an aggregate step: an expression over the accounts whose
// table aggregates (COUNT_IF, SUM, ...) read the related table's rows.
struct AggregateColumn {
  Named name;
  ExprText expr;
};

// Folds the rows of a related input onto the accounts: the rows whose `by`
// column equals an account's key, filtered by `where`.
struct AggregateStep {
  Named from;
  Named by;
  std::optional<ExprText> where;
  std::vector<AggregateColumn> columns;
  // What to do with rows whose key matches no account: "warn" (count and
  // report), "error" (stop the run) or "ignore".
  std::string unmatched = "warn";
  SourceLocation unmatched_location;
};

struct TableDecl {
  Named name;
  std::string path;  // relative to the policy file
  SourceLocation path_location;
  std::vector<ColumnDecl> columns;  // empty: every column, as strings
  FileFormatDecl format;
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

// Likely duplicate accounts (docs/data-quality.md, "Dedupe").
struct DedupeStep {
  std::optional<Named> id;  // absent: the input's key
  std::optional<ExprText> domain;
  std::optional<ExprText> name;
  std::optional<ExprText> country;
  std::optional<ExprText> similarity;  // Jaro-Winkler threshold, default 0.92
  std::optional<ExprText> window;      // distinct names compared ahead, default 8
  std::vector<OrderKey> survivor;      // first wins; empty: input order
  Named cluster;
  std::optional<Named> duplicate_of;
  std::string issue = "possible_duplicate";
  SourceLocation location;
};

// Scores the accounts with a trained model from the run store (acctseg
// learn propensity): a probability per account and, optionally, the top
// reasons behind it (docs/learning.md, "predict").
struct PredictStep {
  Named model;                   // "ptb@1", or "ptb" for the latest version
  Named output;                  // the probability column
  std::optional<Named> reasons;  // the reasons column (text), if wanted
  int top = 3;                   // reasons per account
  SourceLocation top_location;
  // Exact TreeSHAP (the default), or the trees' path attribution, which on
  // the benchmark's model is no cheaper (docs/learning.md, "predict").
  bool exact_reasons = true;
};

struct ComputeStep {
  std::vector<std::pair<Named, ExprText>> columns;  // in order; later may use earlier
};

// One output of a normalize step: `output: {country: expr, issue: code}`.
struct NormalizeOutput {
  Named output;
  Named normalizer;  // the key as written: country, domain, company_name or phone
  ExprText input;
  std::string issue;  // "": none; added to rows whose value is not recognized
};

struct NormalizeStep {
  std::vector<NormalizeOutput> outputs;  // in order; later may use earlier
};

struct Step {
  enum class Kind {
    kFamily,
    kClassify,
    kLookup,
    kScore,
    kTier,
    kCompute,
    kAggregate,
    kNormalize,
    kDedupe,
    kPredict
  };
  Kind kind;
  std::string name;  // optional label for explain
  SourceLocation location;
  // `on: NAME`: the step runs on the rows of a related input, not on the
  // accounts (classify, compute, lookup and score only).
  std::optional<Named> on;
  FamilyStep family;
  ClassifyStep classify;
  LookupStep lookup;
  ScoreStep score;
  TierStep tier;
  ComputeStep compute;
  AggregateStep aggregate;
  NormalizeStep normalize;
  PredictStep predict;
  DedupeStep dedupe;
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

// The coverage model (docs/planning/coverage.md): who covers each account,
// through which channel and motion, and how many hours a year that takes.
// Runs after every step, like a last step named "coverage".
struct CoverageRule {
  std::optional<ExprText> when;  // absent: the else rule, which always matches
  Named role;                    // a label
  Named channel;                 // a label, one of kCoverageChannels
  // The motion: a label (one of kCoverageMotions, checked when parsed) or an
  // expression giving one (checked per row). Neither: the motion is null.
  std::optional<Named> motion_label;
  std::optional<ExprText> motion;
  ExprText hours_per_year;  // a number or a numeric expression
  SourceLocation location;
};

inline const std::vector<std::string> kCoverageChannels = {"direct", "inside", "partner",
                                                           "self_serve"};
inline const std::vector<std::string> kCoverageMotions = {"land", "expand", "retain", "walk_away"};

// The names of the columns the coverage step writes.
struct CoverageOutputs {
  Named role{"role", {}};
  Named channel{"channel", {}};
  Named motion{"motion", {}};
  Named hours{"workload_hours", {}};
};

struct CoverageDecl {
  SourceLocation location;  // the `coverage:` key
  CoverageOutputs outputs;
  std::vector<CoverageRule> rules;  // in order, first match wins
};

// One role of the capacity plan: what one rep of it delivers and costs.
// The most reps a role's headcount may name (the policy's, or plan
// capacity's --headcount): far above any sales team, below where hours and
// costs stop being exact in a double.
inline constexpr int64_t kMostHeadcount = 1'000'000'000;
// Whether `count` is a headcount: whole reps, 0 to kMostHeadcount (NaN is not).
inline bool IsHeadcount(double count) {
  return count >= 0 && count <= static_cast<double>(kMostHeadcount) &&
         count == static_cast<double>(static_cast<int64_t>(count));
}

struct CapacityRole {
  Named name;
  double hours_per_year = 0;         // 0: a pooled, unstaffed motion (no headcount)
  double quota = 0;                  // yearly quota of one ramped rep
  double cost = 0;                   // yearly fully loaded cost of one rep
  double ramp_months = 0;            // months before a new rep is fully productive
  std::optional<double> attrition;   // absent: CapacityDecl::attrition
  std::optional<int64_t> headcount;  // the current or planned headcount, if given
  SourceLocation location;
};

// The table columns the capacity plan reads (defaults as written here).
struct CapacityColumns {
  Named region{"region", {}};
  Named potential{"potential", {}};
  Named whitespace{"whitespace", {}};
  Named arr{"arr", {}};
  Named tier{"tier", {}};
};

struct CapacityDecl {
  SourceLocation location;  // the `capacity:` key
  CapacityColumns columns;
  std::optional<double> attrition;  // yearly, a share (0.15); --attrition overrides
  std::vector<CapacityRole> roles;  // in policy order, names unique
  const CapacityRole* FindRole(const std::string& name) const {
    for (const auto& role : roles)
      if (role.name.name == name) return &role;
    return nullptr;
  }
};

// The routing of touchpoints (docs/routing.md): which queue, owner,
// priority and SLA a touchpoint gets, from ordered rules over the account's
// columns and the touchpoint's fields. Bound by routing/ against the plan.
struct RoutingTeam {
  Named name;
  std::vector<Named> members;          // rep ids, in round-robin order, unique
  std::optional<int64_t> cap_per_day;  // decisions per member per UTC day; absent: no cap
};

struct RoutingRule {
  std::optional<ExprText> when;  // absent: the else rule, which always matches
  // The queue: a label (written as a plain word: letters, digits, - _ . /)
  // or an expression giving one.
  std::optional<Named> queue_label;
  std::optional<ExprText> queue;
  bool owner_territory = false;         // `owner: territory`: the territory plan's owner first
  std::optional<Named> team;            // round robin within it (the fallback of territory)
  std::optional<ExprText> priority;     // an integer or integer expression; absent: 0
  std::optional<ExprText> sla_minutes;  // the same
  SourceLocation location;
};

struct RoutingDecl {
  SourceLocation location;             // the `routing:` key
  std::vector<ColumnDecl> touchpoint;  // the fields a touchpoint may carry (name, type)
  std::vector<RoutingTeam> teams;      // in policy order, names unique
  std::vector<RoutingRule> rules;      // in order, first match wins
};

struct PolicyAst {
  std::shared_ptr<const SourceFile> source;
  std::string name;
  // The inputs, in policy order; the first is the account universe (what
  // the steps run on and the output lists), the others are related tables.
  std::vector<InputDecl> inputs;
  std::vector<TableDecl> tables;
  // The date AS_OF stands for: `as_of: 2026-11-30` as written, checked when
  // compiled; `as_of_override` (--as-of, "" when not given) wins over it.
  // Neither: AS_OF is today's date in UTC.
  std::optional<Named> as_of;
  std::string as_of_override;
  std::vector<Step> steps;
  OutputDecl output;
  SummaryDecl summary;
  std::optional<CoverageDecl> coverage;  // `coverage:`, if declared
  std::optional<CapacityDecl> capacity;  // `capacity:`, if declared
  std::optional<RoutingDecl> routing;    // `routing:`, if declared
};

// Parses a policy file. Throws Error(kPolicy) with located diagnostics for
// YAML syntax errors and for a shape that is not a policy; Error(kIo) if the
// file cannot be read.
PolicyAst ParsePolicyFile(const std::string& path);
PolicyAst ParsePolicyText(const std::string& path, const std::string& text);

}  // namespace acctseg
