// The normalize step: named outputs, each a normalizer (quality/
// normalizers.h) applied to an input expression, stored as a new string
// column. A row whose input is present (not NULL, not empty) but not
// recognized gets NULL and, optionally, an issue code; explain shows the raw and the normalized
// value.
#include "common/error.h"
#include "common/parallel.h"
#include "expr/normalize_column.h"
#include "steps/explain_util.h"
#include "steps/step.h"

namespace acctseg {
namespace {

struct NormalizedColumn {
  int slot;
  std::string name;
  NormalizerKind kind;
  ExprPtr input;
  std::string text;  // the input as written
  uint64_t issue_mask;
  std::string issue;
  std::string where;  // "policy.yaml:12:7: normalize country_code", for errors
};

// A value to normalize: not NULL and not empty (an empty CSV field is an
// empty string unless the column says empty_is_null).
bool IsPresent(const Column& values, size_t row) {
  return !values.IsNull(row) && !values.StringAt(row).empty();
}

class NormalizeOutputs final : public CompiledStep {
 public:
  explicit NormalizeOutputs(std::vector<NormalizedColumn> columns) : columns_(std::move(columns)) {}

  const char* kind() const override { return "normalize"; }

  std::vector<std::string> outputs() const override {
    std::vector<std::string> names;
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
  }

  // The input is materialized (a column is used as it is), then each of its
  // distinct values normalized once.
  void Run(RunState& state, StepTrace&) const override {
    RunData& run = state.data;
    for (const auto& c : columns_) {
      std::shared_ptr<const Column> values;
      try {
        values = Materialize(*c.input, run);
      } catch (const RowError& e) {
        throw e.Within(c.where);
      }
      std::shared_ptr<const Column> out = NormalizeColumn(c.kind, *values, run.threads);
      if (c.issue_mask && out->HasNulls())
        ParallelRanges(run.row_count, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
          for (size_t row = begin; row < end; ++row)
            if (out->IsNull(row) && IsPresent(*values, row)) state.issues.Add(row, c.issue_mask);
        });
      run.slots[c.slot] = std::move(out);
    }
  }

  // Per output: the normalizer, the raw and the normalized value, and what
  // happened: changed, unchanged, not recognized, or no value to normalize.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace&,
                                 size_t row) const override {
    nlohmann::ordered_json result = {{"kind", "normalize"},
                                     {"label", label},
                                     {"outputs", nlohmann::ordered_json::object()},
                                     {"columns", nlohmann::ordered_json::array()}};
    std::string summary;
    for (const auto& c : columns_) {
      nlohmann::ordered_json column = ExplainColumn(c, state, row);
      result["outputs"][c.name] = column["value"];
      summary += (summary.empty() ? "" : "; ") + column["summary"].get<std::string>();
      column.erase("summary");
      result["columns"].push_back(std::move(column));
    }
    result["summary"] = summary;
    return result;
  }

 private:
  // One output's explanation, with its part of the step's summary.
  static nlohmann::ordered_json ExplainColumn(const NormalizedColumn& c, const RunState& state,
                                              size_t row) {
    const Column& out = *state.data.slots[c.slot];
    const RowValue raw = EvaluateAt(*c.input, state, row);
    const bool present = raw.json.is_string() && !raw.json.get<std::string>().empty();
    const char* status = !present                          ? "missing"
                         : out.IsNull(row)                 ? "not recognized"
                         : raw.json == ValueJson(out, row) ? "unchanged"
                                                           : "changed";
    const bool flagged = out.IsNull(row) && present && c.issue_mask;
    nlohmann::ordered_json column = {{"name", c.name},
                                     {"normalizer", NormalizerFunctionName(c.kind)},
                                     {"expr", c.text},
                                     {"raw", raw.json},
                                     {"value", ValueJson(out, row)},
                                     {"status", status}};
    if (flagged) column["issue"] = c.issue;
    column["summary"] = c.name + " = " + ValueText(out, row) + " (" +
                        NormalizerFunctionName(c.kind) + " of " + c.text + " = " + raw.text + ": " +
                        status + (flagged ? ", issue " + c.issue : "") + ")";
    return column;
  }

  std::vector<NormalizedColumn> columns_;
};

// The normalizer a policy names by what its input is.
NormalizerKind KindOf(const std::string& written) {
  if (written == "country") return NormalizerKind::kCountryCode;
  if (written == "domain") return NormalizerKind::kDomain;
  if (written == "company_name") return NormalizerKind::kNameKey;
  return NormalizerKind::kPhoneDigits;  // "phone": the parser allows no other
}

}  // namespace

std::unique_ptr<CompiledStep> BindNormalize(const NormalizeStep& step, BindContext& ctx) {
  bool ok = true;
  std::vector<NormalizedColumn> columns;
  for (const NormalizeOutput& o : step.outputs) {
    ExprPtr e = ctx.exprs.Bind(o.input, ctx.scope);
    if (e && e->type().id != TypeId::kString) {
      ctx.diagnostics.Add(o.input.location, "normalize " + o.normalizer.name +
                                                " expects a string, found " + e->type().ToString());
      e = nullptr;
    }
    ok &= e != nullptr;
    uint64_t mask = 0;
    if (!o.issue.empty()) {
      const int bit = ctx.IssueBit(o.issue, o.normalizer.location);
      if (bit >= 0) mask = 1ull << bit;
    }
    const int slot = ctx.AddColumn(o.output, DataType::String());
    columns.push_back({slot, o.output.name, KindOf(o.normalizer.name), std::move(e), o.input.text,
                       mask, o.issue,
                       o.output.location.ToString() + ": normalize " + o.output.name});
  }
  if (!ok) return nullptr;
  return std::make_unique<NormalizeOutputs>(std::move(columns));
}

}  // namespace acctseg
