// What a row-local step does in a fused group (plan/fused_group.h): the
// group's steps run batch by batch, each on a batch right after the one
// before it, so that a value one step makes and the next reads stays in
// cache, and a column no one reads after the group is never made at all.
#pragma once

#include <memory>
#include <vector>

#include "expr/column_sink.h"
#include "steps/step.h"

namespace acctseg {

// For one run of a group: how many workers evaluate its batches, and which
// slots must become columns (read after the group, output, or kept for
// explain).
struct FuseContext {
  int workers = 1;
  std::vector<bool> keep;  // by slot
};

// A step's part in one fused run, made by CompiledStep::Fuse once the
// group's earlier steps have been made (they prepare nothing a later one
// reads).
class FusedStep {
 public:
  virtual ~FusedStep() = default;
  // The step on `batch`, by `worker`, after the group's earlier steps.
  virtual void RunBatch(size_t worker, const Batch& batch) = 0;
  // Once every batch has run: the kept outputs into their slots.
  virtual void Finish(RunState& state) = 0;
};

// One output column of a fused step: each batch's values are published to
// the group's later steps (EvalScratch::fused) and, when the column
// outlives the group, collected into it.
class FusedOutput {
 public:
  FusedOutput(int slot, DataType type, const RunState& state, const FuseContext& context);
  bool kept() const { return sink_ != nullptr; }
  // `values` must stay as they are until the batch ends. Kept text that
  // comes without codes gets them here (while its texts are few): the sink
  // would hash each row anyway, and the group's later steps compare codes.
  void Publish(size_t worker, const Batch& batch, Vector& values);
  // `order`: the dictionary the column's text takes (ColumnSink::Finish).
  void Finish(RunState& state, std::shared_ptr<const Dictionary> order = nullptr);

 private:
  int slot_;
  std::unique_ptr<ColumnSink> sink_;                  // nullptr: read only inside the group
  std::vector<std::unique_ptr<TextInterner>> texts_;  // by worker, for kept text
};

// The order in which texts first appear in the rows, recorded batch by
// batch from several workers (ColumnSink's order, without the column): for
// a column whose dictionary is made of several value sets, each in its own
// order of first appearance (classify's rule values).
class FirstAppearance {
 public:
  FirstAppearance(size_t rows, int workers);
  // The same contract as ColumnSink::Add.
  void Add(size_t worker, size_t begin, const Vector& values);
  // Interns the texts into `order` in order of first appearance.
  void AppendTo(Dictionary& order) const;

 private:
  std::vector<std::unique_ptr<TextInterner>> local_;  // by worker
  std::vector<uint32_t> batch_worker_;                // by batch
  std::vector<std::vector<uint32_t>> new_in_batch_;   // by batch: local codes first seen there
};

}  // namespace acctseg
