// The JSON form of a diff, for tools. Field names are stable; new fields may
// be added, existing ones keep their meaning (bump "version" otherwise).
//
// {
//   "format": "acctseg-diff", "version": 1,
//   "label_before": "...", "label_after": "...", "key": "account_id",
//   "rows_before": 1000, "rows_after": 1002,
//   "only_before": 3, "only_after": 5,   // keys on one side only
//   "changed": 42,                       // matched accounts with any dimension changed
//   "not_compared": {"before": [], "after": ["role"]},  // summary columns of one policy only
//   "measures": [{"name": "arr", "scale": 2}, ...],
//   "cell_measures": "after_else_before",
//   "migrations": [{
//     "dimension": "segment",
//     "values": ["ENT", "MM", "SMB", "(none)"...],  // sorted byte-wise; NULL is "(none)"
//     "moved": 12,                                  // accounts whose segment changed
//     "moved_measures": {"arr": 1234.50},           // sums over the off-diagonal cells
//     "cells": [{"from": "ENT", "to": "MM", "count": 2, "measures": {"arr": 99.00}}, ...]
//   }, ...],
//   "moved": [{"key": "A1",
//              "changes": [{"dimension": "segment", "before": "SMB", "after": "MM"}],
//              "changed_step": "classify own_segment (policy.yaml:42)" | null,
//              "explanation_before": {...} | null, "explanation_after": {...} | null}, ...],
//   "moved_truncated": false,            // true when fewer than "changed" are listed
//   "totals": [{"dimension": "segment", "value": "MM",
//               "count_before": 10, "count_after": 12,
//               "measures_before": {"arr": 1.00}, "measures_after": {"arr": 2.00}}, ...]
// }
//
// Measures are exact decimal numbers written with exactly `scale` digits after
// the point (1234.50, never 1234.5 or 1.2345e3). A reader that keeps them
// exact must parse numbers as decimals (Python: json.loads(text,
// parse_float=decimal.Decimal)); a double-based reader gets the nearest double.
// "cell_measures": a cell's measure sums use each account's "after" value, or
// its "before" value where "after" is NULL (see compute_diff.cc). Matrices and
// "moved" cover keys on both sides; totals cover every row of each side.
#include "diff/render_internal.h"

namespace acctseg {
namespace {

// Emits indented JSON; containers opened with `inline_items` stay on one line.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void BeginObject(bool inline_items = false) { Open('{', inline_items); }
  void EndObject() { Close('}'); }
  void BeginArray(bool inline_items = false) { Open('[', inline_items); }
  void EndArray() { Close(']'); }

  void Key(std::string_view name) {
    Separate();
    out_ << Quote(name) << ": ";
    after_key_ = true;
  }
  void String(std::string_view text) { Value(Quote(text)); }
  void Number(uint64_t value) { Value(std::to_string(value)); }
  void Number(int value) { Value(std::to_string(value)); }
  void Raw(const std::string& text) { Value(text); }
  void Bool(bool value) { Value(value ? "true" : "false"); }
  void Json(const nlohmann::json& value) { Value(Dump(value)); }

  template <typename T>
  void Field(std::string_view name, const T& value) {
    Key(name);
    if constexpr (std::is_convertible_v<T, std::string_view>)
      String(value);
    else
      Number(value);
  }

 private:
  struct Level {
    bool inline_items;
    bool empty = true;
  };

  static std::string Dump(const nlohmann::json& value) {
    // Invalid UTF-8 in account data must not abort a report.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  static std::string Quote(std::string_view text) { return Dump(std::string(text)); }

  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.empty) out_ << (level.inline_items ? ", " : ",");
    if (!level.inline_items) out_ << '\n' << std::string(2 * levels_.size(), ' ');
    level.empty = false;
  }
  void Value(const std::string& text) {
    Separate();
    out_ << text;
  }
  void Open(char bracket, bool inline_items) {
    Separate();
    out_ << bracket;
    levels_.push_back(Level{inline_items || (!levels_.empty() && levels_.back().inline_items)});
  }
  void Close(char bracket) {
    Level level = levels_.back();
    levels_.pop_back();
    if (!level.inline_items && !level.empty) out_ << '\n' << std::string(2 * levels_.size(), ' ');
    out_ << bracket;
    if (levels_.empty()) out_ << '\n';
  }

  std::ostream& out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

void WriteMeasures(JsonWriter& json, const DiffReport& report, const std::vector<int64_t>& sums) {
  json.BeginObject(true);
  for (size_t m = 0; m < report.measures.size() && m < sums.size(); ++m) {
    json.Key(report.measures[m].name);
    json.Raw(FormatMeasure(report, m, sums[m]));
  }
  json.EndObject();
}

void WriteMigration(JsonWriter& json, const DiffReport& report, const Migration& migration) {
  json.BeginObject();
  json.Field("dimension", migration.dimension);
  json.Key("values");
  json.BeginArray(true);
  for (const std::string& value : migration.values) json.String(value);
  json.EndArray();
  json.Field("moved", migration.moved);
  json.Key("moved_measures");
  WriteMeasures(json, report, MovedMeasureSums(migration, report.measures.size()));
  json.Key("cells");
  json.BeginArray();
  for (const MigrationCell& cell : migration.cells) {
    json.BeginObject(true);
    json.Field("from", cell.from);
    json.Field("to", cell.to);
    json.Field("count", cell.count);
    json.Key("measures");
    WriteMeasures(json, report, cell.measure_sums);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

void WriteMovedAccount(JsonWriter& json, const MovedAccount& account) {
  json.BeginObject();
  json.Field("key", account.key);
  json.Key("changes");
  json.BeginArray(true);
  for (const auto& [dimension, before, after] : account.changes) {
    json.BeginObject();
    json.Field("dimension", dimension);
    json.Field("before", before);
    json.Field("after", after);
    json.EndObject();
  }
  json.EndArray();
  json.Key("changed_step");
  if (account.changed_step.empty())
    json.Json(nullptr);
  else
    json.String(account.changed_step);
  json.Key("explanation_before");
  json.Json(account.explanation_before);
  json.Key("explanation_after");
  json.Json(account.explanation_after);
  json.EndObject();
}

}  // namespace

void RenderDiffJson(const DiffReport& report, std::ostream& out) {
  JsonWriter json(out);
  json.BeginObject();
  json.Field("format", "acctseg-diff");
  json.Field("version", 1);
  json.Field("label_before", report.label_before);
  json.Field("label_after", report.label_after);
  json.Field("key", report.key);
  json.Field("rows_before", report.rows_before);
  json.Field("rows_after", report.rows_after);
  json.Field("only_before", report.only_before);
  json.Field("only_after", report.only_after);
  json.Field("changed", report.changed);
  json.Key("not_compared");
  json.BeginObject(true);
  for (const auto& [side, names] : {std::pair{"before", &report.not_compared_before},
                                    std::pair{"after", &report.not_compared_after}}) {
    json.Key(side);
    json.BeginArray(true);
    for (const std::string& name : *names) json.String(name);
    json.EndArray();
  }
  json.EndObject();
  json.Key("measures");
  json.BeginArray();
  for (const MeasureInfo& measure : report.measures) {
    json.BeginObject(true);
    json.Field("name", measure.name);
    json.Field("scale", measure.scale);
    json.EndObject();
  }
  json.EndArray();
  json.Field("cell_measures", "after_else_before");
  json.Key("migrations");
  json.BeginArray();
  for (const Migration& migration : report.migrations) WriteMigration(json, report, migration);
  json.EndArray();
  json.Key("moved");
  json.BeginArray();
  for (const MovedAccount& account : report.moved) WriteMovedAccount(json, account);
  json.EndArray();
  json.Key("moved_truncated");
  json.Bool(report.moved.size() < report.changed);
  json.Key("totals");
  json.BeginArray();
  for (const DimensionTotals& totals : report.totals) {
    json.BeginObject(true);
    json.Field("dimension", totals.dimension);
    json.Field("value", totals.value);
    json.Field("count_before", totals.count_before);
    json.Field("count_after", totals.count_after);
    json.Key("measures_before");
    WriteMeasures(json, report, totals.measures_before);
    json.Key("measures_after");
    WriteMeasures(json, report, totals.measures_after);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

}  // namespace acctseg
