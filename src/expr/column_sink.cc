#include "expr/column_sink.h"

#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"

namespace acctseg {

namespace {
// A dictionary with more entries than this is not worth a per-code table
// per worker (an id column's 10M entries): its rows are interned by text.
constexpr size_t kMaxCodedEntries = size_t{1} << 16;
}  // namespace

ColumnSink::ColumnSink(DataType type, size_t rows, int workers)
    : column_(std::make_shared<Column>(Column::Make(type, rows, true))),
      is_string_(type.id == TypeId::kString) {
  if (!is_string_) return;
  for (int w = 0; w < std::max(1, workers); ++w) local_.push_back(std::make_unique<Local>());
  batch_worker_.assign((rows + kBatchRows - 1) / kBatchRows, 0);
}

uint32_t ColumnSink::InternCoded(Local& local, const Vector& values, size_t i) {
  if (local.coded != values.dictionary) {
    local.coded = values.dictionary;
    local.entry_of_code.assign(values.dictionary->size(), UINT32_MAX);
  }
  uint32_t& entry = local.entry_of_code[values.codes[i]];
  if (entry == UINT32_MAX) entry = local.dictionary.Intern(values.str[i]);
  return entry;
}

void ColumnSink::Add(size_t worker, size_t begin, const Vector& values) {
  const size_t count = values.size;
  column_->nulls.SetFrom(begin, count, values.null.data());
  if (!is_string_) {
    int64_t* ints = column_->ints.Wide() + begin;
    for (size_t i = 0; i < count; ++i) ints[i] = values.null[i] ? 0 : values.num[i];
    return;
  }
  batch_worker_[begin / kBatchRows] = static_cast<uint32_t>(worker);
  Local& local = *local_[worker];
  uint32_t* codes = column_->codes.Wide() + begin;
  const bool coded = values.dictionary && values.codes.size() >= count &&
                     values.dictionary->size() <= kMaxCodedEntries;
  for (size_t i = 0; i < count; ++i) {
    if (values.null[i])
      codes[i] = 0;
    else
      codes[i] = coded ? InternCoded(local, values, i) : local.dictionary.Intern(values.str[i]);
  }
}

std::shared_ptr<Column> ColumnSink::Finish(int threads, std::shared_ptr<const Dictionary> order) {
  Column& column = *column_;
  if (is_string_) {
    const size_t rows = column.size(), batches = batch_worker_.size();
    uint32_t* codes = column.codes.Wide();
    std::vector<std::vector<uint32_t>> remap(local_.size());
    if (order) {
      for (size_t w = 0; w < local_.size(); ++w)
        for (uint32_t c = 0; c < local_[w]->dictionary.size(); ++c) {
          auto code = order->Find(local_[w]->dictionary.Get(c));
          if (!code) throw Error(ErrorKind::kInternal, "a text outside the column's dictionary");
          remap[w].push_back(*code);
        }
    } else {
      // Placed in order of first appearance in the rows; the scan stops once
      // every worker's entries are placed (a few batches for labels).
      auto appearance = std::make_shared<Dictionary>();
      size_t unplaced = 0;
      for (size_t w = 0; w < local_.size(); ++w) {
        remap[w].assign(local_[w]->dictionary.size(), UINT32_MAX);
        unplaced += local_[w]->dictionary.size();
      }
      for (size_t b = 0; b < batches && unplaced > 0; ++b) {
        std::vector<uint32_t>& map = remap[batch_worker_[b]];
        const Dictionary& own = local_[batch_worker_[b]]->dictionary;
        for (size_t row = b * kBatchRows; row < std::min(rows, (b + 1) * kBatchRows); ++row) {
          if (column.nulls[row]) continue;  // its code 0 was never interned
          uint32_t& placed = map[codes[row]];
          if (placed != UINT32_MAX) continue;
          placed = appearance->Intern(own.Get(codes[row]));
          --unplaced;
        }
      }
      if (appearance->size() == 0) appearance->Intern("");  // keep code 0 valid for NULL rows
      order = std::move(appearance);
    }
    ParallelFor(batches, threads, [&](size_t b) {
      const std::vector<uint32_t>& map = remap[batch_worker_[b]];
      for (size_t row = b * kBatchRows; row < std::min(rows, (b + 1) * kBatchRows); ++row)
        codes[row] = column.nulls[row] ? 0 : map[codes[row]];
    });
    column.dictionary = std::move(order);
    local_.clear();
  }
  column.Narrow(threads);
  if (!column.nulls.Any()) column.nulls.clear();
  return std::move(column_);
}

}  // namespace acctseg
