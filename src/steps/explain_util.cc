#include "steps/explain_util.h"

#include "table/decimal.h"

namespace acctseg {
namespace {

nlohmann::ordered_json VectorJson(const Vector& v, size_t i) {
  if (v.null[i]) return nullptr;
  switch (v.type.id) {
    case TypeId::kBool:
      return v.num[i] != 0;
    case TypeId::kInt64:
      return v.num[i];
    case TypeId::kDecimal:
      return std::stod(FormatDecimal(v.num[i], v.type.Scale()));
    case TypeId::kString:
      return std::string(v.str[i]);
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return IntSlotText(v.type, v.num[i]);
    case TypeId::kList: {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      for (auto s : v.list[i]) items.push_back(std::string(s));
      return items;
    }
    case TypeId::kNull:
      return nullptr;
  }
  return nullptr;
}

std::string VectorText(const Vector& v, size_t i) {
  if (v.null[i]) return "NULL";
  switch (v.type.id) {
    case TypeId::kBool:
      return v.num[i] ? "TRUE" : "FALSE";
    case TypeId::kInt64:
    case TypeId::kDecimal:
      return FormatDecimal(v.num[i], v.type.Scale());
    case TypeId::kString:
      return "'" + std::string(v.str[i]) + "'";
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return IntSlotText(v.type, v.num[i]);
    case TypeId::kList: {
      std::string text = "[";
      for (size_t k = 0; k < v.list[i].size(); ++k)
        text += (k ? ", '" : "'") + std::string(v.list[i][k]) + "'";
      return text + "]";
    }
    case TypeId::kNull:
      return "NULL";
  }
  return "NULL";
}

void CollectReads(const BoundExpr& expr, const RunState& state, size_t row, int id_slot,
                  nlohmann::ordered_json& out) {
  if (const ColumnRead* read = expr.AsColumnRead()) {
    const Column& column = *state.data.slots[read->slot];
    int64_t source_row = static_cast<int64_t>(row);
    if (read->source != RowSource::kSelf) {
      const Hierarchy& h = *state.data.hierarchy;
      source_row = read->source == RowSource::kParent ? h.parent_row[row] : h.global_row[row];
    }
    out[read->Written()] =
        source_row < 0 ? nlohmann::ordered_json(nullptr) : ValueJson(column, source_row);
    return;
  }
  if (std::string name = expr.ReadName(); !name.empty()) {
    out[name] = EvaluateAt(expr, state, row).json;
    return;
  }
  std::string aggregate = expr.FamilyAggregateName();
  if (!aggregate.empty()) {
    const Column& result = *state.data.prepared[expr.id()];
    size_t global = static_cast<size_t>(state.data.hierarchy->global_row[row]);
    nlohmann::ordered_json entry = {{"value", ValueJson(result, global)}};
    int32_t member = expr.SupplyingMember(state.data, row);
    if (member >= 0 && id_slot >= 0) entry["from"] = ValueJson(*state.data.slots[id_slot], member);
    out[aggregate] = entry;
    return;  // what the aggregate read inside is about other rows
  }
  for (const auto& child : expr.children()) CollectReads(*child, state, row, id_slot, out);
}

}  // namespace

namespace {

// One row of a column as a one-value Vector, so columns and evaluated
// vectors are rendered by the same code.
Vector OneValue(const Column& column, size_t row) {
  Vector v;
  v.Reset(column.type, 1);
  v.null[0] = column.IsNull(row);
  if (v.null[0]) return v;
  if (column.type.id == TypeId::kString)
    v.str[0] = column.StringAt(row);
  else
    v.num[0] = column.ints[row];
  return v;
}

}  // namespace

nlohmann::ordered_json ValueJson(const Column& column, size_t row) {
  return VectorJson(OneValue(column, row), 0);
}

std::string ValueText(const Column& column, size_t row) {
  return VectorText(OneValue(column, row), 0);
}

RowValue EvaluateAt(const BoundExpr& expr, const RunState& state, size_t row) {
  ScratchLease lease(state.data.node_count);
  return EvaluateAt(expr, state, row, lease.scratch());
}

RowValue EvaluateAt(const BoundExpr& expr, const RunState& state, size_t row,
                    EvalScratch& scratch) {
  Batch batch{state.data, row, 1, scratch};
  Vector out;
  expr.Eval(batch, out);
  RowValue value{VectorJson(out, 0), VectorText(out, 0), false};
  value.is_true = out.type.id == TypeId::kBool && !out.null[0] && out.num[0] != 0;
  return value;
}

nlohmann::ordered_json ReadsAt(const BoundExpr& expr, const RunState& state, size_t row,
                               int id_slot) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  CollectReads(expr, state, row, id_slot, out);
  return out;
}

namespace {

// A read value in a sentence: 'text', 120, NULL (as the outputs say it).
std::string ReadText(const nlohmann::ordered_json& value) {
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  return value.is_null() ? "NULL" : value.dump();
}

}  // namespace

std::string ReadsText(const nlohmann::ordered_json& reads) {
  std::string text;
  for (auto it = reads.begin(); it != reads.end(); ++it) {
    if (!text.empty()) text += ", ";
    const nlohmann::ordered_json& v = it.value();
    if (v.is_object()) {
      text += it.key() + " = " + ReadText(v["value"]);
      if (v.contains("from"))
        text += " (from " +
                (v["from"].is_string() ? v["from"].get<std::string>() : v["from"].dump()) + ")";
    } else {
      text += it.key() + " = " + ReadText(v);
    }
  }
  return text;
}

int FamilyIdSlot(const RunState& state) { return state.family_id_slot; }

}  // namespace acctseg
