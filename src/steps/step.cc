#include "steps/step.h"

#include <unordered_map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/plain_name.h"
#include "common/quoted_value.h"
#include "steps/fused_step.h"
#include "table/decimal.h"

namespace acctseg {

int IssueRegistry::Bit(const std::string& code) {
  for (size_t i = 0; i < codes_.size(); ++i)
    if (codes_[i] == code) return static_cast<int>(i);
  if (codes_.size() == 64) return -1;
  codes_.push_back(code);
  return static_cast<int>(codes_.size() - 1);
}

int BindContext::AddColumn(const Named& name, DataType type) {
  if (scope.columns.count(name.name))
    diagnostics.Add(name.location, "column \"" + name.name + "\" is already defined");
  if (type.id == TypeId::kList)
    diagnostics.Add(name.location,
                    "column \"" + name.name +
                        "\" would hold a list; turn it into text with LIST_JOIN(list, ';')");
  int slot = next_slot++;
  scope.columns[name.name] = Scope::Entry{type, slot};
  return slot;
}

int BindContext::AddFailedColumn(const Named& name) {
  const int slot = AddColumn(name, DataType::String());
  scope.columns[name.name].failed = true;
  return slot;
}

int BindContext::IssueBit(const std::string& code, const SourceLocation& where) {
  // The issues column joins the codes with a separator (';' unless set):
  // a code holding one, or a space, would read as two.
  if (!IsPlainName(code)) {
    diagnostics.Add(where, "issue code \"" + code + "\": use letters, digits, '-', '_' or '.'");
    return -1;
  }
  int bit = issues.Bit(code);
  if (bit < 0) diagnostics.Add(where, "too many issue codes (at most 64 in a policy)");
  if (bit >= 0) issue_bits_used |= uint64_t{1} << bit;
  return bit;
}

int StringColumnSlot(const Named& name, BindContext& ctx, const std::string& role) {
  auto it = ctx.scope.columns.find(name.name);
  if (it == ctx.scope.columns.end()) {
    ctx.diagnostics.Add(name.location, "unknown column \"" + name.name + "\"" +
                                           DidYouMean(name.name, ctx.scope.Names()));
    return -1;
  }
  if (it->second.type.id != TypeId::kString) {
    ctx.diagnostics.Add(name.location, role + " column must be a string, \"" + name.name +
                                           "\" is " + it->second.type.ToString());
    return -1;
  }
  return it->second.slot;
}

std::optional<int64_t> EvalConstantNumber(const BoundExpr& expr, int scale, int node_count) {
  RunData run;
  run.row_count = 1;
  run.node_count = node_count;
  EvalScratch scratch;
  InitScratch(scratch, node_count);
  Batch batch{run, 0, 1, scratch};
  Vector out;
  expr.Eval(batch, out);
  if (out.null[0]) return std::nullopt;
  return NumberAt(out, 0, scale);
}

int FindRelatedInput(const std::vector<RelatedScope>& related, const Named& name,
                     RelatedInputRole role, const std::string& accounts_input,
                     Diagnostics& diagnostics) {
  std::vector<std::string> names;
  std::string quoted;
  for (const RelatedScope& r : related) {
    if (r.name == name.name) return static_cast<int>(names.size());
    names.push_back(r.name);
    quoted += (quoted.empty() ? "\"" : ", \"") + r.name + "\"";
  }
  const std::string listed = names.empty() ? "the policy declares none" : quoted;
  if (name.name == accounts_input) {
    // Written to be explicit (on:) or from SQL habit (from:): the input
    // exists, so "no related input" read as a contradiction.
    diagnostics.Add(name.location,
                    "\"" + name.name + "\" is the account universe, " +
                        (role == RelatedInputRole::kFrom
                             ? "onto which aggregate folds the rows of a related input: from: "
                               "names one (" +
                                   listed + ")"
                             : "which steps without on: already run on: leave on: out, or name "
                               "a related input (" +
                                   listed + ")"));
    return -1;
  }
  diagnostics.Add(name.location, "no related input \"" + name.name + "\"" +
                                     (names.empty() ? std::string(" (the policy declares only "
                                                                  "the accounts input)")
                                                    : DidYouMean(name.name, names)));
  return -1;
}

std::unique_ptr<FusedStep> CompiledStep::Fuse(RunState&, StepTrace&, const FuseContext&) const {
  return nullptr;
}

std::string RowText(const RunState& state, size_t row) {
  std::string line = state.input_path;
  if (state.row_lines && row < state.row_lines->size())
    line = (*state.row_lines)[row] == RowLines::kNoLine
               ? "an account created by an event"
               : line + " line " + std::to_string((*state.row_lines)[row]);
  if (state.key_slot < 0) return "at " + line;
  return "for " + state.key_column + " \"" + KeyText(*state.data.slots[state.key_slot], row) +
         "\" (" + line + ")";
}

std::string KeyText(const Column& column, size_t row) {
  if (column.IsNull(row)) return "NULL";
  if (column.type.id == TypeId::kString) return std::string(column.StringAt(row));
  return IntSlotText(column.type, column.ints[row]);
}

// Rejects a key column with a repeated value, naming both lines.
void CheckUniqueKey(const Column& column, const std::string& name, const std::string& path,
                    const RowLines& lines) {
  auto fail = [&](size_t row, size_t first, const std::string& value) {
    throw Error(ErrorKind::kInput,
                Located(path, lines[row], 0,
                        "duplicate " + name + " " + QuotedValue(value) + " (first on line " +
                            std::to_string(lines[first]) + ")"));
  };
  // NULL keys (an empty integer, an empty string with empty_is_null) are
  // missing, not repeated, whatever the key's type: a string key used to
  // say "duplicate id \"NULL\"" where an integer key let them through.
  // The quality report counts them (key_missing).
  if (column.type.id == TypeId::kString) {
    // Strings are dictionary-encoded: unique exactly when every row has its own code.
    if (column.dictionary->size() == column.size() && !column.HasNulls()) return;
    std::vector<int64_t> first_row(column.dictionary->size(), -1);
    for (size_t row = 0; row < column.size(); ++row) {
      if (column.IsNull(row)) continue;
      int64_t& first = first_row[column.codes[row]];
      if (first >= 0) fail(row, first, KeyText(column, row));
      first = static_cast<int64_t>(row);
    }
    return;
  }
  std::unordered_map<int64_t, size_t> first_row;
  for (size_t row = 0; row < column.size(); ++row) {
    if (column.IsNull(row)) continue;
    auto [it, inserted] = first_row.emplace(column.ints[row], row);
    if (!inserted) fail(row, it->second, KeyText(column, row));
  }
}

}  // namespace acctseg
