#include "steps/fused_step.h"

#include "common/parallel.h"

namespace acctseg {

FusedOutput::FusedOutput(int slot, DataType type, const RunState& state, const FuseContext& context)
    : slot_(slot) {
  if (!context.keep[slot]) return;
  sink_ = std::make_unique<ColumnSink>(type, state.data.row_count, context.workers);
  if (type.id == TypeId::kString)
    for (int w = 0; w < context.workers; ++w) texts_.push_back(std::make_unique<TextInterner>());
}

void FusedOutput::Publish(size_t worker, const Batch& batch, Vector& values) {
  if (!texts_.empty() && !values.dictionary) {
    TextInterner& texts = *texts_[worker];
    if (texts.dictionary().size() <= TextInterner::kMaxCodedEntries) {
      values.codes.resize(values.size);
      for (size_t i = 0; i < values.size; ++i)
        values.codes[i] = values.null[i] ? 0 : texts.Intern(values, i);
      values.dictionary = &texts.dictionary();
    }
  }
  batch.scratch.fused[slot_] = &values;
  if (sink_) sink_->Add(worker, batch.begin, values);
}

void FusedOutput::Finish(RunState& state, std::shared_ptr<const Dictionary> order) {
  if (sink_) state.data.slots[slot_] = sink_->Finish(state.data.threads, std::move(order));
  sink_.reset();
}

FirstAppearance::FirstAppearance(size_t rows, int workers)
    : batch_worker_((rows + kBatchRows - 1) / kBatchRows, 0), new_in_batch_(batch_worker_.size()) {
  for (int w = 0; w < std::max(1, workers); ++w) local_.push_back(std::make_unique<TextInterner>());
}

void FirstAppearance::Add(size_t worker, size_t begin, const Vector& values) {
  const size_t batch = begin / kBatchRows;
  batch_worker_[batch] = static_cast<uint32_t>(worker);
  TextInterner& local = *local_[worker];
  for (size_t i = 0; i < values.size; ++i) {
    if (values.null[i]) continue;
    const uint32_t known = static_cast<uint32_t>(local.dictionary().size());
    const uint32_t code = local.Intern(values, i);
    if (code == known) new_in_batch_[batch].push_back(code);
  }
}

void FirstAppearance::AppendTo(Dictionary& order) const {
  for (size_t b = 0; b < new_in_batch_.size(); ++b)
    for (uint32_t code : new_in_batch_[b])
      order.Intern(local_[batch_worker_[b]]->dictionary().Get(code));
}

}  // namespace acctseg
