// The data-quality report (`acctseg quality`, docs/data-quality.md "The
// quality report"): what a finished run says about its inputs — per input
// and declared column: completeness, invalid values, distinct values, top
// values or the range; keys without a match in each aggregate step;
// duplicates found by each dedupe step; issue codes per input. Computed from
// an Execution (no run store record); rendered as text, JSON or one
// self-contained HTML page. Pure functions; no errors beyond bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plan/plan.h"

namespace acctseg {

// The issue code PrepareQualityPolicy gives invalid values of columns that
// would stop the run, one code for all of them (a policy has at most 64):
// the reader counts each column's invalid values (CsvReadResult::
// invalid_rows); the code is not listed among the issue codes.
inline constexpr std::string_view kStandInInvalidCode = "quality.invalid";

// The `not_null` columns of a policy, as (input, column) names.
using RequiredColumns = std::set<std::pair<std::string, std::string>>;

// Rewrites a policy so that the quality run reads what a real run would
// stop on: with `count_invalid_values`, a typed input column without
// `invalid_issue` gets kStandInInvalidCode (invalid values become NULL and
// are counted; a policy already using all 64 codes has no room for it),
// a `not_null` column is read without it (its empty values are counted:
// returned, to be given to ComputeQualityReport), and every aggregate step
// warns about unmatched keys instead of stopping.
RequiredColumns PrepareQualityPolicy(PolicyAst& policy, bool count_invalid_values = true);

struct ValueCount {
  std::string value;
  uint64_t rows = 0;
};

struct ColumnQuality {
  std::string name;
  std::string type;      // as the policy declares it: string, integer, decimal(2), date, ...
  uint64_t present = 0;  // neither NULL nor the empty string
  uint64_t invalid = 0;  // values that did not parse as `type`
  std::vector<uint64_t> invalid_lines;  // the first few of them, by input line
  bool required = false;                // declared `not_null`
  uint64_t empty_required = 0;          // its empty values, each of which would stop a run
  // The code invalid values get; "" when they would stop a run.
  std::string invalid_issue;
  uint64_t distinct = 0;                // distinct present values
  std::vector<ValueCount> top;          // strings and booleans: the most frequent (at most 5)
  std::optional<std::string> min, max;  // numbers, dates, timestamps
  bool is_key = false;
};

struct IssueCount {
  std::string code;
  uint64_t rows = 0;
};

struct InputQuality {
  std::string name;  // the policy's name for the input
  std::string path;  // where it was read from (no password)
  uint64_t rows = 0;
  std::string key;                     // the declared key column, "" if none
  uint64_t key_missing = 0;            // rows whose key is NULL or empty
  std::vector<ColumnQuality> columns;  // in declared order
  std::vector<IssueCount> issues;      // rows with each issue code after the run
};

// Rows of each dedupe step's clusters.
struct DuplicateQuality {
  std::string step;    // the step's label
  std::string column;  // its cluster column
  uint64_t clusters = 0;
  uint64_t rows = 0;                // rows in a cluster (survivors included)
  std::vector<ValueCount> largest;  // the largest clusters by survivor id (at most 5)
};

// How one aggregate step matched its related rows, with the first few lines
// of rows without a key (read from the input, not kept by the run).
struct MatchQuality {
  MatchReport match;
  std::vector<uint64_t> without_key_lines;  // at most 5, in row order
};

struct QualityReport {
  std::string policy;                 // the policy's name
  std::string as_of;                  // the date AS_OF stood for, "" if no expression read it
  std::vector<InputQuality> inputs;   // the accounts first
  std::vector<MatchQuality> matches;  // one per aggregate step
  std::vector<DuplicateQuality> duplicates;  // one per dedupe step
};

// The report on a finished run; `required`: what PrepareQualityPolicy took
// `not_null` from.
QualityReport ComputeQualityReport(const Execution& execution,
                                   const RequiredColumns& required = {});

void RenderQualityText(const QualityReport& report, std::ostream& out);
// Field names are documented in docs/data-quality.md and kept stable.
void RenderQualityJson(const QualityReport& report, std::ostream& out);
// One page with inline CSS and no script or URL; every value escaped.
void RenderQualityHtml(const QualityReport& report, std::ostream& out);

}  // namespace acctseg
