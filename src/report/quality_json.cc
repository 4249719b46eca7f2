// The quality report as JSON: field names documented in docs/data-quality.md.
#include <nlohmann/json.hpp>

#include "report/quality_report.h"

namespace acctseg {
namespace {

using Json = nlohmann::ordered_json;

Json CountsJson(const std::vector<ValueCount>& counts) {
  Json list = Json::array();
  for (const ValueCount& c : counts) list.push_back({{"value", c.value}, {"rows", c.rows}});
  return list;
}

Json ColumnJson(const ColumnQuality& column, uint64_t rows) {
  Json json = {
      {"name", column.name},
      {"type", column.type},
      {"present", column.present},
      {"completeness", rows == 0 ? 1.0 : static_cast<double>(column.present) / rows},
      {"invalid", column.invalid},
      {"invalid_lines", column.invalid_lines},
      {"invalid_issue", column.invalid_issue.empty() ? Json(nullptr) : Json(column.invalid_issue)},
      {"not_null", column.required},
      {"empty_not_null", column.empty_required},
      {"distinct", column.distinct}};
  if (column.min) {
    json["min"] = *column.min;
    json["max"] = *column.max;
  } else if (!column.top.empty()) {
    json["top"] = CountsJson(column.top);
  }
  return json;
}

Json InputJson(const InputQuality& input) {
  Json json = {{"name", input.name}, {"path", input.path}, {"rows", input.rows}};
  if (!input.key.empty())
    json["key"] = {{"column", input.key}, {"unique", true}, {"missing", input.key_missing}};
  else
    json["key"] = nullptr;
  Json columns = Json::array();
  for (const ColumnQuality& column : input.columns)
    columns.push_back(ColumnJson(column, input.rows));
  json["columns"] = columns;
  Json issues = Json::object();
  for (const IssueCount& issue : input.issues) issues[issue.code] = issue.rows;
  json["issues"] = issues;
  return json;
}

Json MatchJson(const MatchQuality& quality) {
  const MatchReport& match = quality.match;
  Json examples = Json::array();
  for (const auto& e : match.unmatched_examples)
    examples.push_back({{"key", e.key}, {"line", e.line}});
  return {{"step", match.step},
          {"from", match.from},
          {"by", match.by},
          {"rows", match.rows},
          {"matched", match.rows - match.unmatched - match.without_key},
          {"unmatched", match.unmatched},
          {"without_key", match.without_key},
          {"unmatched_examples", examples},
          {"without_key_lines", quality.without_key_lines}};
}

}  // namespace

void RenderQualityJson(const QualityReport& report, std::ostream& out) {
  Json json = {{"policy", report.policy},
               {"as_of", report.as_of.empty() ? Json(nullptr) : Json(report.as_of)}};
  Json inputs = Json::array(), matches = Json::array(), duplicates = Json::array();
  for (const InputQuality& input : report.inputs) inputs.push_back(InputJson(input));
  for (const MatchQuality& match : report.matches) matches.push_back(MatchJson(match));
  for (const DuplicateQuality& d : report.duplicates)
    duplicates.push_back({{"step", d.step},
                          {"column", d.column},
                          {"clusters", d.clusters},
                          {"rows", d.rows},
                          {"largest", CountsJson(d.largest)}});
  json["inputs"] = inputs;
  json["matches"] = matches;
  json["duplicates"] = duplicates;
  out << json.dump(2) << "\n";
}

}  // namespace acctseg
