#include "explain/explain.h"

#include "common/quoted_value.h"
#include "steps/explain_util.h"

namespace acctseg {

nlohmann::ordered_json ExplainAccount(const Execution& execution, size_t row) {
  const Plan& plan = execution.plan();
  // Values as JSON (decimals become numbers) and as exact text ("45.60").
  nlohmann::ordered_json outputs = nlohmann::ordered_json::object(),
                         display = nlohmann::ordered_json::object();
  const Table& result = execution.result.outputs;
  for (size_t c = 0; c < result.column_count(); ++c) {
    const Column& column = result.column(c);
    outputs[result.name(c)] = ValueJson(column, row);
    display[result.name(c)] = column.IsNull(row) ? ""
                              : column.type.id == TypeId::kString
                                  ? std::string(column.StringAt(row))
                                  : ValueText(column, row);
  }
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (size_t bit = 0; bit < plan.issue_codes().size(); ++bit)
    if (execution.state.issues[row] >> bit & 1) issues.push_back(plan.issue_codes()[bit]);
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  // Steps on related rows decided nothing about the account itself; the
  // aggregate steps that read those rows explain what they brought in.
  // Each is numbered as the policy's steps are (and `run --trace`'s columns).
  for (size_t s = 0; s < plan.steps().size(); ++s)
    if (plan.steps()[s]->table == 0) {
      nlohmann::ordered_json step =
          plan.steps()[s]->Explain(execution.state, execution.state.traces[s], row);
      step["step"] = s + 1;
      steps.push_back(std::move(step));
    }
  nlohmann::ordered_json account = nullptr;
  if (!plan.key_column().empty())
    account = ValueJson(*execution.ColumnNamed(plan.key_column()), row);
  // The answer first, in the words of the summary dimensions:
  // "D5 is in segment Enterprise, tier B, region AMER-C". Without a
  // `summary:` those are every text output, input columns too ("A3 is in
  // name Globex"): the headline then says only what the steps decided.
  std::string headline;
  const bool declared = plan.policy().summary.declared;
  for (const std::string& d : plan.summary_dimensions()) {
    auto column = execution.ColumnNamed(d);
    if (!column || (!declared && execution.input->table.Find(d))) continue;
    headline += (headline.empty() ? "" : ", ") + d + " " +
                (column->IsNull(row) ? std::string("NULL") : std::string(column->StringAt(row)));
  }
  if (!headline.empty() && account.is_string())
    headline = account.get<std::string>() + " is in " + headline;
  return {
      {"account", account},
      {"input", {{"path", execution.state.input_path}, {"line", execution.input->row_lines[row]}}},
      {"headline", headline},
      {"outputs", outputs},
      {"display", display},
      {"issues", issues},
      {"steps", steps}};
}

namespace {
// The text rendering shows the data's control characters as escapes: a
// value's newline broke the layout, its ESC sequence reached the terminal.
std::string Plain(const nlohmann::ordered_json& v) {
  if (v.is_string()) return EscapedValue(v.get<std::string>());
  if (v.is_null()) return "NULL";
  return v.dump();
}
}  // namespace

std::string RenderExplanationText(const nlohmann::ordered_json& e) {
  std::string out = "Account " + Plain(e["account"]) + " (" +
                    e["input"]["path"].get<std::string>() + " line " + Plain(e["input"]["line"]) +
                    ")\n";
  if (e.contains("headline") && !e["headline"].get<std::string>().empty())
    out += "  " + EscapedValue(e["headline"].get<std::string>()) + ".\n";
  std::string line;
  for (auto it = e["display"].begin(); it != e["display"].end(); ++it) {
    if (it.key() == "issues") continue;
    // A NULL is written as an empty field; said as NULL, as everywhere else here.
    const bool null = e["outputs"].contains(it.key()) && e["outputs"][it.key()].is_null();
    line += (line.empty() ? "  " : ", ") + it.key() + " " + (null ? "NULL" : Plain(it.value()));
  }
  out += line + "\n\nWhy:\n";
  for (const auto& step : e["steps"]) {
    out += " " + step["step"].dump() + ". " + EscapedValue(step["label"].get<std::string>()) +
           "\n      " + EscapedValue(step["summary"].get<std::string>()) + "\n";
  }
  if (!e["issues"].empty()) {
    std::string codes;
    for (const auto& i : e["issues"]) codes += (codes.empty() ? "" : ", ") + i.get<std::string>();
    out += "\nIssues: " + codes + "\n";
  }
  return out;
}

}  // namespace acctseg
