#include <algorithm>
#include <memory>

#include "common/error.h"
#include "common/parallel.h"
#include "expr/bound_expr.h"
#include "expr/column_sink.h"

namespace acctseg {

void InitScratch(EvalScratch& scratch, int node_count) {
  if (scratch.vectors.size() < static_cast<size_t>(node_count)) scratch.vectors.resize(node_count);
}

namespace {

// Scratch kept by a thread between runs of one batch: a live event runs a
// dozen steps over a handful of rows, and a Vector built per expression node
// per step cost more than evaluating them. A pool, not one scratch, since a
// batch may evaluate another run inside it (MaterializeOverDictionary).
class ScratchPool {
 public:
  std::unique_ptr<EvalScratch> Take() {
    if (free_.empty()) return std::make_unique<EvalScratch>();
    std::unique_ptr<EvalScratch> scratch = std::move(free_.back());
    free_.pop_back();
    return scratch;
  }
  void Give(std::unique_ptr<EvalScratch> scratch) { free_.push_back(std::move(scratch)); }

 private:
  std::vector<std::unique_ptr<EvalScratch>> free_;
};

thread_local ScratchPool scratch_pool;

void RunOneBatch(const RunData& run, const std::function<void(size_t, const Batch&)>& fn) {
  ScratchLease lease(run.node_count);
  fn(0, Batch{run, 0, run.row_count, lease.scratch()});
}

}  // namespace

ScratchLease::ScratchLease(int node_count) : scratch_(scratch_pool.Take()) {
  InitScratch(*scratch_, node_count);
  scratch_->arena.Clear();
}

ScratchLease::~ScratchLease() { scratch_pool.Give(std::move(scratch_)); }

void ForEachBatch(const RunData& run, const std::function<void(size_t, const Batch&)>& fn) {
  size_t batches = (run.row_count + kBatchRows - 1) / kBatchRows;
  if (batches == 1) return RunOneBatch(run, fn);
  std::vector<EvalScratch> scratch(std::max(1, run.threads));
  ParallelForWorkers(batches, run.threads, [&](size_t worker, size_t b) {
    EvalScratch& s = scratch[worker];
    InitScratch(s, run.node_count);
    s.arena.Clear();
    size_t begin = b * kBatchRows;
    Batch batch{run, begin, std::min(kBatchRows, run.row_count - begin), s};
    try {
      fn(worker, batch);
    } catch (const RowError& e) {
      throw e.AtRow(begin + e.row());
    }
  });
}

namespace {

// The one column `expr` reads, if it reads exactly one, of its own row,
// with no family aggregate; -1 otherwise.
int SoleColumnRead(const BoundExpr& expr, int found = -1) {
  if (const ColumnRead* read = expr.AsColumnRead()) {
    if (read->source != RowSource::kSelf || (found >= 0 && found != read->slot)) return -2;
    return read->slot;
  }
  if (!expr.FamilyAggregateName().empty()) return -2;
  for (const auto& child : expr.children()) {
    found = SoleColumnRead(*child, found);
    if (found == -2) return -2;
  }
  return found;
}

// An expression of one low-cardinality string column is evaluated once per
// distinct value (over the column's dictionary) and then gathered by code:
// `SPLIT(products, ';')` and friends cost a table lookup per row.
std::shared_ptr<const Column> MaterializeOverDictionary(const BoundExpr& expr, RunData& run) {
  int slot = SoleColumnRead(expr);
  if (slot < 0) return nullptr;
  const Column& input = *run.slots[slot];
  if (input.type.id != TypeId::kString || input.HasNulls()) return nullptr;
  const size_t distinct = input.dictionary->size();
  // Worth it only when values repeat a lot; the run over the dictionary
  // itself (distinct rows) never takes this path again.
  if (run.row_count < 1024 || distinct == 0 || distinct * 8 > run.row_count) return nullptr;
  // A run over the dictionary: row i holds dictionary entry i.
  RunData over = run;
  over.row_count = distinct;
  over.threads = 1;
  auto entries = std::make_shared<Column>(Column::Make(DataType::String(), distinct, false));
  uint32_t* entry_codes = entries->codes.Wide();
  for (uint32_t code = 0; code < distinct; ++code) entry_codes[code] = code;
  entries->dictionary = input.dictionary;
  over.slots[slot] = entries;
  std::shared_ptr<const Column> per_entry;
  try {
    per_entry = Materialize(expr, over);
  } catch (const RowError& e) {
    // The failing "row" is a dictionary entry: name the first row that holds it.
    size_t row = 0;
    while (row < input.size() && input.codes[row] != e.row()) ++row;
    throw e.AtRow(row);
  }
  auto out =
      std::make_shared<Column>(Column::Make(per_entry->type, run.row_count, per_entry->HasNulls()));
  out->dictionary = per_entry->dictionary;
  const bool is_string = per_entry->type.id == TypeId::kString;
  int64_t* ints = is_string ? nullptr : out->ints.Wide();
  uint32_t* codes = is_string ? out->codes.Wide() : nullptr;
  ParallelRanges(run.row_count, run.threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      uint32_t code = input.codes[row];
      if (is_string)
        codes[row] = per_entry->codes[code];
      else
        ints[row] = per_entry->ints[code];
      if (per_entry->HasNulls()) out->nulls.Set(row, per_entry->nulls[code]);
    }
  });
  out->Narrow(run.threads);
  return out;
}

// The column when it can be had without evaluating batches (Prepare, then a
// column read or a gather through the hierarchy, or an expression of one
// column over its dictionary); nullptr otherwise, `expr` prepared.
std::shared_ptr<const Column> MaterializeWithoutBatches(const BoundExpr& expr, RunData& run) {
  expr.Prepare(run);
  if (auto direct = expr.DirectColumn(run)) return direct;
  return MaterializeOverDictionary(expr, run);
}

// Whether every column `expr` reads is a column of `run` already.
bool ReadsOnlyColumns(const BoundExpr& expr, const RunData& run) {
  if (const ColumnRead* read = expr.AsColumnRead()) return run.slots[read->slot] != nullptr;
  for (const auto& child : expr.children())
    if (!ReadsOnlyColumns(*child, run)) return false;
  return true;
}

}  // namespace

std::shared_ptr<const Column> MaterializeBeforeBatches(const BoundExpr& expr, RunData& run) {
  if (ReadsOnlyColumns(expr, run)) return MaterializeWithoutBatches(expr, run);
  expr.Prepare(run);
  return nullptr;
}

std::shared_ptr<const Column> Materialize(const BoundExpr& expr, RunData& run) {
  if (auto column = MaterializeWithoutBatches(expr, run)) return column;
  ColumnSink sink(expr.type(), run.row_count, run.threads);
  ForEachBatch(run, [&](size_t worker, const Batch& batch) {
    Vector& out = batch.scratch.vectors[expr.id()];
    expr.Eval(batch, out);
    sink.Add(worker, batch.begin, out);
  });
  return sink.Finish(run.threads);
}

}  // namespace acctseg
