// A column filled batch by batch from several workers at once: what
// Materialize does with an expression's batches, and what a fused step
// (plan/fused_group.h) does with the outputs that outlive its group.
// Numbers are written in place (wide, narrowed once the column is
// complete); text is interned into each worker's own dictionary and the
// codes remapped at the end into one dictionary whose order is that of first
// appearance in the rows, so it never depends on which worker took which
// batch (a stored run keeps that order).
#pragma once

#include <memory>
#include <vector>

#include "expr/vector.h"
#include "table/column.h"

namespace acctseg {

class ColumnSink {
 public:
  ColumnSink(DataType type, size_t rows, int workers);

  // Rows [begin, begin + values.size) of the column, from `worker`: `begin`
  // a multiple of kBatchRows, each batch added once, and each worker's
  // batches in increasing order (as ParallelForWorkers hands them out).
  void Add(size_t worker, size_t begin, const Vector& values);

  // The complete column. `order`: the dictionary its text takes, holding
  // every text added, when the caller fixes the order itself (classify:
  // its labels first); nullptr: the order of first appearance.
  std::shared_ptr<Column> Finish(int threads, std::shared_ptr<const Dictionary> order = nullptr);

 private:
  // A worker's dictionary; and for values that arrive as codes of a small
  // dictionary (a label, a column read), each code's entry in it, so that a
  // row costs a lookup instead of a hash.
  struct Local {
    Dictionary dictionary;
    const Dictionary* coded = nullptr;
    std::vector<uint32_t> entry_of_code;  // UINT32_MAX: not seen yet
  };
  uint32_t InternCoded(Local& local, const Vector& values, size_t i);

  std::shared_ptr<Column> column_;
  bool is_string_;
  std::vector<std::unique_ptr<Local>> local_;  // by worker (text only)
  std::vector<uint32_t> batch_worker_;         // by batch: who added it (text only)
};

}  // namespace acctseg
