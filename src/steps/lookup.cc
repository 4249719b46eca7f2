// The lookup step: joins a policy table on keys tried in order (the first
// key that finds a row wins, so later keys are fallbacks) and brings its
// columns in. A row no key finds gets NULLs and, optionally, an issue code.
#include <unordered_map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/parallel.h"
#include "steps/explain_util.h"
#include "steps/fused_step.h"
#include "steps/step.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// A composite key as bytes: each part's length, then its text, so parts can
// never run into each other.
void AppendKeyPart(std::string& key, std::string_view text) {
  uint32_t size = static_cast<uint32_t>(text.size());
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key.append(text);
}

// A key value as text at the table column's scale, so 5 finds 5.00.
std::string ValueText(const Vector& v, size_t i, int table_scale) {
  if (v.type.id == TypeId::kString) return std::string(v.str[i]);
  return IntSlotText(v.type.IsTemporal() ? v.type : DataType::Decimal(table_scale),
                     NumberAt(v, i, table_scale));
}

std::string ColumnText(const Column& c, size_t row) {
  if (c.type.id == TypeId::kString) return std::string(c.StringAt(row));
  return IntSlotText(c.type, c.ints[row]);
}

struct CompiledKey {
  std::vector<std::string> table_columns;  // as written, for explanations
  std::vector<std::string> texts;
  std::vector<ExprPtr> exprs;
  std::vector<int> scales;                        // of the table columns the parts match
  std::unordered_map<std::string, int32_t> rows;  // key -> table row
};

class Lookup final : public CompiledStep {
 public:
  Lookup(const PolicyTable& table, std::vector<CompiledKey> keys, std::vector<int> out_slots,
         std::vector<std::string> out_names, std::vector<std::string> out_columns,
         uint64_t missing_mask, std::string missing_issue)
      : table_(table),
        keys_(std::move(keys)),
        out_slots_(std::move(out_slots)),
        out_names_(std::move(out_names)),
        out_columns_(std::move(out_columns)),
        missing_mask_(missing_mask),
        missing_issue_(std::move(missing_issue)) {}

  const char* kind() const override { return "lookup"; }
  OtherReads other_reads() const override { return OtherReads::kNothing; }

  std::vector<std::string> outputs() const override {
    std::vector<std::string> names;
    for (size_t c = 0; c < out_slots_.size(); ++c) names.push_back(out_names_[c]);
    return names;
  }

  // The key that found the table row, or that none did.
  nlohmann::ordered_json Explain(const RunState& state, const StepTrace& trace,
                                 size_t row) const override {
    nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
    std::string values;
    for (size_t c = 0; c < out_slots_.size(); ++c) {
      const Column& out = *state.data.slots[out_slots_[c]];
      outputs[out_names_[c]] = ValueJson(out, row);
      values += (values.empty() ? "" : ", ") + out_names_[c] + " = " + ValueText(out, row);
    }
    nlohmann::ordered_json result = {
        {"kind", "lookup"}, {"label", label}, {"outputs", outputs}, {"table", table_.name}};
    nlohmann::ordered_json tried = nlohmann::ordered_json::array();
    std::string tried_text;  // "(country = 'US', state = 'PR') or (...)"
    int matched = trace.key[row];
    size_t last = matched >= 0 ? static_cast<size_t>(matched) : keys_.size() - 1;
    for (size_t k = 0; k <= last && k < keys_.size(); ++k) {
      nlohmann::ordered_json key = nlohmann::ordered_json::object();
      std::string text;
      for (size_t p = 0; p < keys_[k].exprs.size(); ++p) {
        RowValue v = EvaluateAt(*keys_[k].exprs[p], state, row);
        key[keys_[k].table_columns[p]] = v.json;
        text += (text.empty() ? "" : ", ") + keys_[k].table_columns[p] + " = " + v.text;
      }
      tried.push_back({{"key", k + 1}, {"values", key}, {"found", static_cast<int>(k) == matched}});
      tried_text += (tried_text.empty() ? "(" : " or (") + text + ")";
      if (static_cast<int>(k) == matched)
        result["summary"] = values + ": " + table_.name + " row found by key " +
                            std::to_string(k + 1) + " (" + text + ")" +
                            (k > 0 ? "; earlier keys found nothing" : "");
    }
    result["keys"] = tried;
    if (matched < 0) {
      result["summary"] = values + ": no row of " + table_.name + " matches " + tried_text +
                          (missing_mask_ ? "; issue " + missing_issue_ : std::string());
    } else {
      result["table_line"] = trace.table_row[row] < static_cast<int32_t>(table_.row_lines.size())
                                 ? nlohmann::ordered_json(table_.row_lines[trace.table_row[row]])
                                 : nlohmann::ordered_json(nullptr);
    }
    return result;
  }

  void Run(RunState& state, StepTrace& trace) const override {
    RunData& run = state.data;
    for (const auto& key : keys_)
      for (const auto& e : key.exprs) e->Prepare(run);
    const size_t n = run.row_count;
    std::vector<int32_t>& matched = trace.table_row;
    matched.resize(n);
    std::vector<int8_t>& matched_key = trace.key;
    matched_key.resize(n);
    ForEachBatch(run, [&](size_t, const Batch& batch) {
      MatchBatch(state, batch, matched.data() + batch.begin, matched_key.data() + batch.begin);
    });
    for (size_t c = 0; c < out_slots_.size(); ++c) {
      const Column& source = *table_.table.Get(out_columns_[c]);
      auto out = std::make_shared<Column>(Column::Make(source.type, n, true));
      out->dictionary = source.dictionary;
      uint32_t* codes = out->codes.Wide();  // empty unless a string
      ParallelRanges(n, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
          int32_t t = matched[row];
          bool is_null = t < 0 || source.IsNull(t);
          out->nulls.Set(row, is_null);
          if (is_null) continue;
          if (source.type.id == TypeId::kString)
            codes[row] = source.codes[t];
          else
            out->ints.Set(row, source.ints[t]);
        }
      });
      out->Narrow(run.threads);
      run.slots[out_slots_[c]] = out;
    }
  }

  bool can_fuse() const override { return true; }
  std::unique_ptr<FusedStep> Fuse(RunState& state, StepTrace& trace,
                                  const FuseContext& context) const override;

 private:
  friend class FusedLookup;

  // The table row each row of the batch finds (-1: none) and by which key;
  // the missing issue on the rows that find none.
  void MatchBatch(RunState& state, const Batch& batch, int32_t* matched,
                  int8_t* matched_key) const {
    thread_local std::string key_bytes;
    std::fill(matched, matched + batch.count, -1);
    std::fill(matched_key, matched_key + batch.count, int8_t{-1});
    for (size_t key_index = 0; key_index < keys_.size(); ++key_index) {
      const CompiledKey& key = keys_[key_index];
      std::vector<const Vector*> parts;
      for (const auto& e : key.exprs) {
        Vector& v = batch.scratch.vectors[e->id()];
        e->Eval(batch, v);
        parts.push_back(&v);
      }
      for (size_t i = 0; i < batch.count; ++i) {
        if (matched[i] >= 0) continue;
        key_bytes.clear();
        bool any_null = false;  // as in SQL, NULL equals nothing
        for (size_t p = 0; p < parts.size(); ++p) {
          const Vector& v = *parts[p];
          any_null |= v.null[i] != 0;
          if (!any_null) AppendKeyPart(key_bytes, ValueText(v, i, key.scales[p]));
        }
        if (any_null) continue;
        auto it = key.rows.find(key_bytes);
        if (it != key.rows.end()) {
          matched[i] = it->second;
          matched_key[i] = static_cast<int8_t>(key_index);
        }
      }
    }
    for (size_t i = 0; i < batch.count; ++i)
      if (matched[i] < 0) state.issues.Add(batch.begin + i, missing_mask_);
  }

  const PolicyTable& table_;
  std::vector<CompiledKey> keys_;
  std::vector<int> out_slots_;
  std::vector<std::string> out_names_;
  std::vector<std::string> out_columns_;
  uint64_t missing_mask_;
  std::string missing_issue_;
};

// A lookup in a fused group: each batch's matches, and its output columns'
// values read from the table rows found, published to the group's later
// steps. A kept text column keeps the table column's dictionary, as the
// unfused step's does.
class FusedLookup final : public FusedStep {
 public:
  FusedLookup(const Lookup& step, RunState& state, StepTrace& trace, const FuseContext& context)
      : step_(step), state_(state), matches_(context.workers) {
    for (const auto& key : step.keys_)
      for (const auto& e : key.exprs) e->Prepare(state.data);
    if (state.keep_traces) {
      trace.table_row.resize(state.data.row_count);
      trace.key.resize(state.data.row_count);
      traced_ = &trace;
    }
    for (size_t c = 0; c < step.out_slots_.size(); ++c) {
      sources_.push_back(step.table_.table.Get(step.out_columns_[c]).get());
      outputs_.emplace_back(step.out_slots_[c], sources_.back()->type, state, context);
    }
    for (Matches& m : matches_) {
      m.table_row.resize(kBatchRows);
      m.key.resize(kBatchRows);
      m.values.resize(sources_.size());
    }
  }

  void RunBatch(size_t worker, const Batch& batch) override {
    Matches& m = matches_[worker];
    int32_t* rows = traced_ ? traced_->table_row.data() + batch.begin : m.table_row.data();
    int8_t* keys = traced_ ? traced_->key.data() + batch.begin : m.key.data();
    step_.MatchBatch(state_, batch, rows, keys);
    for (size_t c = 0; c < sources_.size(); ++c) {
      Vector& out = m.values[c];
      out.Reset(sources_[c]->type, batch.count);
      GatherColumnRows(*sources_[c], rows, batch.count, out);
      outputs_[c].Publish(worker, batch, out);
    }
  }

  void Finish(RunState& state) override {
    for (size_t c = 0; c < outputs_.size(); ++c)
      outputs_[c].Finish(
          state, sources_[c]->type.id == TypeId::kString ? sources_[c]->dictionary : nullptr);
  }

 private:
  struct Matches {  // a worker's, without traces
    std::vector<int32_t> table_row;
    std::vector<int8_t> key;
    std::vector<Vector> values;  // by output column
  };
  const Lookup& step_;
  RunState& state_;
  StepTrace* traced_ = nullptr;         // set when the run keeps traces
  std::vector<const Column*> sources_;  // the table's columns, by output
  std::vector<FusedOutput> outputs_;
  std::vector<Matches> matches_;  // by worker
};

std::unique_ptr<FusedStep> Lookup::Fuse(RunState& state, StepTrace& trace,
                                        const FuseContext& context) const {
  return std::make_unique<FusedLookup>(*this, state, trace, context);
}

}  // namespace

namespace {

// "table "t" has 2 rows with key country = 'US', state = 'CA' (t.csv
// lines 5 and 9): ..." — what a non-unique lookup key is, and what to do.
std::string DuplicateKeyMessage(const PolicyTable& table, const LookupKey& key, size_t first_row,
                                size_t row) {
  std::string values;
  for (const auto& [column, text] : key.parts)
    values += (values.empty() ? "" : ", ") + column.name + " = '" +
              ColumnText(*table.table.Get(column.name), row) + "'";
  auto line = [&](size_t r) {
    return r < table.row_lines.size() ? std::to_string(table.row_lines[r]) : "?";
  };
  return "table \"" + table.name + "\" has more than one row with key " + values + " (" +
         table.path + " lines " + line(first_row) + " and " + line(row) +
         "): a lookup finds one row per key; make the key unique (add a column to it) or "
         "combine the rows per key first";
}

}  // namespace

std::unique_ptr<CompiledStep> BindLookup(const LookupStep& step, BindContext& ctx) {
  const PolicyTable* table = nullptr;
  for (const auto& t : ctx.tables)
    if (t.name == step.table.name) table = &t;
  if (!table) {
    std::vector<std::string> names;
    for (const auto& t : ctx.tables) names.push_back(t.name);
    std::string hint = DidYouMean(step.table.name, names);
    if (hint.empty()) hint = " (declare it under tables:)";
    ctx.diagnostics.Add(step.table.location, "unknown table \"" + step.table.name + "\"" + hint);
    return nullptr;
  }
  bool ok = true;
  std::vector<CompiledKey> keys;
  for (const LookupKey& k : step.keys) {
    CompiledKey key;
    for (const auto& [column, text] : k.parts) {
      const Column* c = table->table.Find(column.name);
      if (!c) {
        ctx.diagnostics.Add(column.location, "table \"" + table->name + "\" has no column \"" +
                                                 column.name + "\"" +
                                                 DidYouMean(column.name, table->table.names()));
        ok = false;
        continue;
      }
      ExprPtr e = ctx.exprs.Bind(text, ctx.scope);
      if (!e) {
        ok = false;
        continue;
      }
      if (!CommonType(e->type(), c->type) || e->type().id == TypeId::kList) {
        ctx.diagnostics.Add(text.location, "key for table column \"" + column.name + "\" (" +
                                               c->type.ToString() + ") is " + e->type().ToString());
        ok = false;
      }
      key.exprs.push_back(std::move(e));
      key.table_columns.push_back(column.name);
      key.texts.push_back(text.text);
      key.scales.push_back(c->type.Scale());
    }
    if (!ok) continue;
    // Index the table on this key. A row with a NULL key part can never be
    // found. A key on two rows is an error: picking one would silently drop
    // the other's values (43 won deals would show as one).
    for (size_t row = 0; row < table->table.row_count(); ++row) {
      std::string bytes;
      bool any_null = false;
      for (const auto& [column, text] : k.parts) {
        const Column& c = *table->table.Get(column.name);
        any_null |= c.IsNull(row);
        if (!any_null) AppendKeyPart(bytes, ColumnText(c, row));
      }
      if (any_null) continue;
      auto [it, inserted] = key.rows.emplace(std::move(bytes), static_cast<int32_t>(row));
      if (!inserted) {
        ctx.diagnostics.Add(k.location, DuplicateKeyMessage(*table, k, it->second, row));
        ok = false;
        break;
      }
    }
    keys.push_back(std::move(key));
  }
  std::vector<int> slots;
  std::vector<std::string> names, columns;
  for (const auto& [output, column] : step.columns) {
    const Column* c = table->table.Find(column.name);
    if (!c) {
      ctx.diagnostics.Add(column.location, "table \"" + table->name + "\" has no column \"" +
                                               column.name + "\"" +
                                               DidYouMean(column.name, table->table.names()));
      // Declared all the same (as compute does a column that fails), so
      // the steps that read it are not reported as reading no column.
      ctx.AddFailedColumn(output);
      ok = false;
      continue;
    }
    slots.push_back(ctx.AddColumn(output, c->type));
    names.push_back(output.name);
    columns.push_back(column.name);
  }
  uint64_t missing = 0;
  if (!step.missing_issue.empty()) {
    int bit = ctx.IssueBit(step.missing_issue, step.table.location);
    if (bit >= 0) missing = 1ull << bit;
  }
  if (!ok) return nullptr;
  return std::make_unique<Lookup>(*table, std::move(keys), std::move(slots), std::move(names),
                                  std::move(columns), missing, step.missing_issue);
}

}  // namespace acctseg
