// What a learner sees: one row per example (an opportunity, an account),
// a yes/no outcome per row ("won"), and features as plain numeric or
// categorical vectors taken out of the engine's typed columns. Lift tables,
// boosted trees, scorecards and clusters all read this and nothing of the
// engine, so the numerics can be tested on frames written by hand.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "table/column.h"
#include "table/reason_text.h"
#include "table/row_lines.h"

namespace acctseg::learn {

enum class FeatureKind : uint8_t { kNumeric, kCategorical };

struct Feature {
  std::string name;
  FeatureKind kind = FeatureKind::kNumeric;
  // kNumeric: one value per row, NaN = missing. Booleans are 0/1, decimals
  // their value, dates days since 1970-01-01 (is_date), timestamps days as
  // a fraction.
  std::vector<double> values;
  bool is_date = false;
  bool is_boolean = false;  // 0/1 from a boolean column: shown as true/false
  // kCategorical: one code per row into `categories`, -1 = missing.
  // Categories are sorted by their text (byte order), so a frame built
  // twice from the same data has the same codes.
  std::vector<int32_t> codes;
  std::vector<std::string> categories;

  static Feature Numeric(std::string name, std::vector<double> values) {
    Feature f;
    f.name = std::move(name);
    f.values = std::move(values);
    return f;
  }
  static Feature Categorical(std::string name, std::vector<std::string> categories,
                             std::vector<int32_t> codes) {
    Feature f;
    f.name = std::move(name);
    f.kind = FeatureKind::kCategorical;
    f.categories = std::move(categories);
    f.codes = std::move(codes);
    return f;
  }

  size_t rows() const { return kind == FeatureKind::kNumeric ? values.size() : codes.size(); }
  bool IsMissing(size_t row) const {
    return kind == FeatureKind::kNumeric ? std::isnan(values[row]) : codes[row] < 0;
  }
};

struct LearningFrame {
  std::string outcome_name;          // the outcome column ("won")
  std::string id_name;               // the id column ("opportunity_id"), "" if none
  std::vector<std::string> row_ids;  // one per row (the id column, else "line N")
  std::vector<uint8_t> outcome;      // 1 = the positive class (won), 0 = not
  std::vector<Feature> features;
  // Optional measures for lift tables (empty when not asked for; NaN where
  // a row has none): the deal's amount (average won amount, "ACV") and its
  // sales cycle in days ("days to close").
  std::string amount_name;
  std::vector<double> amount;
  std::string cycle_name;
  std::vector<double> cycle_days;
  // Optional: the day each outcome became known (days since 1970-01-01,
  // NaN if unknown), for a held-out time split; empty when not given.
  std::string outcome_day_name;
  std::vector<double> outcome_day;
  // Every other column of the run and why it is not a feature, as a
  // clause for messages ("it is the --amount measure; name it in
  // --features to use it as one too").
  std::map<std::string, std::string> not_features;

  size_t rows() const { return outcome.size(); }
  // The feature named `name`, or nullptr.
  const Feature* Find(const std::string& name) const;
};

// How to take a frame out of a table's columns.
struct FrameSpec {
  std::string outcome;   // column: bool, integer 0/1, or string with `positive`
  std::string positive;  // string outcome: the value that counts as 1 ("Won")
  std::string id;        // id column ("" = none: rows are named by their line)
  // Feature columns; empty = every column not named elsewhere here, not in
  // `exclude`, and (for strings) with at most `max_categories` values.
  std::vector<std::string> features;
  std::vector<std::string> exclude;  // never features (post_outcome columns, ids)
  // Why an `exclude` column is excluded, where --exclude did not name it:
  // a clause ("it is declared post_outcome: true").
  std::map<std::string, std::string> exclude_reasons;
  std::string amount;  // optional measure columns ("" = none)
  std::string cycle_days;
  std::string outcome_day;  // a date column, or ""
  size_t max_categories = 200;
  std::string source;  // the accounts input as given ("deals.csv"), for messages
};

struct NamedColumn {
  std::string name;
  std::shared_ptr<const Column> column;
  const RowLines* lines = nullptr;  // input line of each row, for messages
};

struct FrameBuild {
  LearningFrame frame;
  // What the user should know: rows dropped for a NULL outcome (a deal
  // still open is no example of either class), columns
  // left out as features and why ("account_id: 8,800 distinct values").
  std::vector<std::string> notes;
};

// One row of a numeric column as a feature value (table/reason_text.h).
using ::acctseg::NumberAt;

// The column `name` of `columns`, or Error(kUsage) "<role> "name" is no
// column of the run" with a did-you-mean.
const NamedColumn& Require(const std::vector<NamedColumn>& columns, const std::string& name,
                           const char* role);

// Fewer than two distinct values, NaN aside: says nothing about outcomes.
bool HasOneValueOnly(const std::vector<double>& values);

// Errors (acctseg::Error, kind kUsage): an outcome, feature or measure
// column that does not exist (with a suggestion), an outcome of an
// unusable type or a string outcome without `positive` (listing its
// values), an outcome with one class only, a feature that is a list.
FrameBuild BuildLearningFrame(const std::vector<NamedColumn>& columns, const FrameSpec& spec);

}  // namespace acctseg::learn
