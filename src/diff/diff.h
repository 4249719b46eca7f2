// Comparing two runs (or two policies over the same input): migration
// matrices per dimension (segment x segment, tier x tier, ...) with counts
// and measure sums moved, the accounts that moved, and totals per dimension
// value before and after. Rendered as text (terminal), CSV and JSON (tools),
// or a self-contained HTML report with charts that opens without a server.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "table/table.h"

namespace acctseg {

struct DiffOptions {
  std::string key = "account_id";       // joins the two sides
  std::vector<std::string> dimensions;  // e.g. segment, tier, region (string columns)
  std::vector<std::string> measures;    // e.g. arr, potential (integer or decimal columns)
  size_t max_listed = 1000;             // moved accounts listed in full (all are counted)
};

struct MigrationCell {
  std::string from, to;
  uint64_t count = 0;
  // Per DiffReport::measures, at each measure's scale: each account's value
  // on the after side, or its before value where after is NULL.
  std::vector<int64_t> measure_sums;
};

struct Migration {
  std::string dimension;
  std::vector<std::string> values;   // every value seen on either side, sorted byte-wise
  std::vector<MigrationCell> cells;  // non-empty cells, including from == to (stayed)
  uint64_t moved = 0;                // accounts whose value differs
};

struct MovedAccount {
  std::string key;
  // Per dimension that differs: (dimension, before, after).
  std::vector<std::tuple<std::string, std::string, std::string>> changes;
  // Filled by the caller when it can explain both sides (see explain/):
  std::string changed_step;           // the first step whose output differs
  nlohmann::json explanation_before;  // null when not available
  nlohmann::json explanation_after;
};

struct DimensionTotals {
  std::string dimension;
  std::string value;
  uint64_t count_before = 0, count_after = 0;
  std::vector<int64_t> measures_before, measures_after;
};

struct MeasureInfo {
  std::string name;
  int scale = 0;
};

struct DiffReport {
  std::string command = "diff";           // the report's title: "diff" or "whatif"
  std::string label_before, label_after;  // e.g. "run 20261126-..." or "policy old.yaml"
  std::string key;
  uint64_t rows_before = 0, rows_after = 0;
  uint64_t only_before = 0, only_after = 0;  // keys on one side only
  uint64_t changed = 0;                      // accounts with any dimension changed
  std::vector<MeasureInfo> measures;
  std::vector<Migration> migrations;    // one per dimension
  std::vector<MovedAccount> moved;      // at most max_listed, in side-B row order
  std::vector<DimensionTotals> totals;  // per dimension and value
  // Summary dimensions and measures of one side's policy only, not compared
  // (CommonDiffOptions in history/capture.h).
  std::vector<std::string> not_compared_before, not_compared_after;
};

// Errors (kInput): a named key, dimension or measure column missing from a
// side, or of the wrong type.
DiffReport ComputeDiff(const Table& before, const Table& after, const DiffOptions& options);

enum class DiffFormat { kText, kCsv, kJson, kHtml };
std::optional<DiffFormat> ParseDiffFormat(const std::string& name);

// CSV: one section per table ("# migration segment", "# moved", "# totals"),
// each with a header line. JSON: documented in docs/explain.md. HTML: one
// file, inline CSS and SVG, no scripts from the network.
void RenderDiff(const DiffReport& report, DiffFormat format, std::ostream& out);

}  // namespace acctseg
