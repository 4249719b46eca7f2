#include "expr/column_sink.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "common/error.h"
#include "common/parallel.h"

namespace acctseg {

namespace {
constexpr size_t kChunkBatches = 32;
constexpr size_t kChunkRows = kChunkBatches * kBatchRows;

// Stores `values` at rows [at, at + values.size()) of `out`, whose width
// holds them.
template <class Array, class WideT>
void StoreAt(Array& out, size_t at, const std::vector<WideT>& values) {
  auto store = [&]<class T>(T* to) {
    for (size_t i = 0; i < values.size(); ++i) to[at + i] = static_cast<T>(values[i]);
  };
  void* bytes = out.MutableBytes();
  constexpr bool kSigned = std::is_signed_v<WideT>;
  switch (out.width()) {
    case 1:
      return store(static_cast<std::conditional_t<kSigned, int8_t, uint8_t>*>(bytes));
    case 2:
      return store(static_cast<std::conditional_t<kSigned, int16_t, uint16_t>*>(bytes));
    case 4:
      return store(static_cast<std::conditional_t<kSigned, int32_t, uint32_t>*>(bytes));
    default:
      return store(static_cast<WideT*>(bytes));
  }
}

// A buffer a narrowed chunk gave back (empty if none); the caller holds
// the pool's mutex.
template <class T>
std::vector<T> TakeLocked(std::vector<std::vector<T>>& pool) {
  std::vector<T> buffer;
  if (!pool.empty()) {
    buffer = std::move(pool.back());
    pool.pop_back();
  }
  return buffer;
}

// A wide buffer for a chunk: one a narrowed chunk gave back, else a new one.
template <class T>
std::vector<T> Reuse(std::mutex& mutex, std::vector<std::vector<T>>& pool, size_t rows) {
  std::vector<T> buffer;
  {
    std::lock_guard lock(mutex);
    buffer = TakeLocked(pool);
  }
  buffer.resize(rows);
  return buffer;
}
}  // namespace

// A chunk's values: wide in a buffer from the sink's pool while its
// batches come in (numbers in `wide`, a worker's codes in `wide_codes`),
// then in `ints` or `codes` in the width they need; `low`/`high` the range
// of its numbers.
struct ColumnSink::Chunk {
  std::atomic<bool> allocated{false};  // its wide buffer is in place
  std::atomic<size_t> batches_left{0};
  std::vector<int64_t> wide;         // numbers while batches come in
  std::vector<uint32_t> wide_codes;  // a worker's codes, the same
  PackedInts ints;                   // narrowed once complete
  PackedCodes codes;
  int64_t low = std::numeric_limits<int64_t>::max();
  int64_t high = std::numeric_limits<int64_t>::min();
};

ColumnSink::ColumnSink(DataType type, size_t rows, int workers)
    : column_(std::make_shared<Column>()),
      is_string_(type.id == TypeId::kString),
      rows_(rows),
      chunk_count_((rows + kChunkRows - 1) / kChunkRows) {
  column_->type = type;
  column_->nulls.assign(rows, false);
  chunks_ = std::make_unique<Chunk[]>(chunk_count_);
  for (size_t c = 0; c < chunk_count_; ++c) {
    const size_t chunk_rows = std::min(kChunkRows, rows - c * kChunkRows);
    chunks_[c].batches_left = (chunk_rows + kBatchRows - 1) / kBatchRows;
  }
  if (!is_string_) return;
  for (int w = 0; w < std::max(1, workers); ++w) local_.push_back(std::make_unique<TextInterner>());
  batch_worker_.assign((rows + kBatchRows - 1) / kBatchRows, 0);
}

ColumnSink::~ColumnSink() = default;

uint32_t TextInterner::Intern(const Vector& values, size_t i) {
  if (values.dictionary && values.codes.size() >= values.size)
    return InternCode(values.str[i], values.dictionary, values.codes[i]);
  return dictionary_.Intern(values.str[i]);
}

uint32_t TextInterner::InternCode(std::string_view text, const Dictionary* source, uint32_t code) {
  if (source->size() > kMaxCodedEntries) return dictionary_.Intern(text);
  Memo* memo = nullptr;
  for (Memo& m : memos_)
    if (m.source == source) memo = &m;
  if (!memo) memo = &memos_.emplace_back(Memo{source, {}});
  if (code >= memo->entry_of_code.size()) memo->entry_of_code.resize(source->size(), UINT32_MAX);
  uint32_t& entry = memo->entry_of_code[code];
  if (entry == UINT32_MAX) entry = dictionary_.Intern(text);
  return entry;
}

ColumnSink::Chunk& ColumnSink::ChunkOf(size_t begin) {
  const size_t c = begin / kChunkRows;
  Chunk& chunk = chunks_[c];
  // Checked, then settled under the pool's mutex, rather than with
  // std::call_once: glibc's call_once ends every first call with a
  // futex_wake system call, and the live server's re-runs of a few rows
  // make a one-chunk sink a column a step, so that was a system call each
  // (5% of an update's time, bench/README.md). An uncontended mutex makes
  // none.
  if (chunk.allocated.load(std::memory_order_acquire)) return chunk;
  std::lock_guard lock(pool_mutex_);
  if (chunk.allocated.load(std::memory_order_relaxed)) return chunk;
  const size_t chunk_rows = std::min(kChunkRows, rows_ - c * kChunkRows);
  auto settle = [&](auto& wide, auto& pool) {
    wide = TakeLocked(pool);
    wide.resize(chunk_rows);
  };
  if (is_string_)
    settle(chunk.wide_codes, free_codes_);
  else
    settle(chunk.wide, free_ints_);
  chunk.allocated.store(true, std::memory_order_release);
  return chunk;
}

void ColumnSink::BatchDone(Chunk& chunk) {
  if (chunk.batches_left.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (is_string_) {
    const uint32_t high = *std::max_element(chunk.wide_codes.begin(), chunk.wide_codes.end());
    chunk.codes = PackedCodes::Zeros(PackedCodes::WidthFor(0, high), chunk.wide_codes.size());
    StoreAt(chunk.codes, 0, chunk.wide_codes);
    std::lock_guard lock(pool_mutex_);
    free_codes_.push_back(std::move(chunk.wide_codes));
    return;
  }
  const auto [low, high] = std::minmax_element(chunk.wide.begin(), chunk.wide.end());
  chunk.low = *low;
  chunk.high = *high;
  chunk.ints = PackedInts::Zeros(PackedInts::WidthFor(chunk.low, chunk.high), chunk.wide.size());
  StoreAt(chunk.ints, 0, chunk.wide);
  std::lock_guard lock(pool_mutex_);
  free_ints_.push_back(std::move(chunk.wide));
}

void ColumnSink::Add(size_t worker, size_t begin, const Vector& values) {
  const size_t count = values.size;
  column_->nulls.SetFrom(begin, count, values.null.data());
  Chunk& chunk = ChunkOf(begin);
  const size_t offset = begin % kChunkRows;
  if (!is_string_) {
    int64_t* ints = chunk.wide.data() + offset;
    for (size_t i = 0; i < count; ++i) ints[i] = values.null[i] ? 0 : values.num[i];
    return BatchDone(chunk);
  }
  batch_worker_[begin / kBatchRows] = static_cast<uint32_t>(worker);
  TextInterner& local = *local_[worker];
  uint32_t* codes = chunk.wide_codes.data() + offset;
  for (size_t i = 0; i < count; ++i) codes[i] = values.null[i] ? 0 : local.Intern(values, i);
  BatchDone(chunk);
}

void ColumnSink::FinishNumbers(int threads) {
  int64_t low = std::numeric_limits<int64_t>::max(), high = std::numeric_limits<int64_t>::min();
  for (size_t c = 0; c < chunk_count_; ++c) {
    low = std::min(low, chunks_[c].low);
    high = std::max(high, chunks_[c].high);
  }
  // The width Column::Narrow gives (a bit a value for 0 and 1 only).
  const bool bits = rows_ > 0 && low >= 0 && high <= 1;
  PackedInts values = PackedInts::Zeros(rows_ == 0 ? 8 : PackedInts::WidthFor(low, high), rows_);
  ParallelFor(chunk_count_, threads, [&](size_t c) {
    PackedInts& chunk = chunks_[c].ints;
    std::vector<int64_t> buffer = Reuse(pool_mutex_, free_ints_, chunk.size());
    chunk.CopyTo(0, chunk.size(), buffer.data());
    chunk = PackedInts();
    StoreAt(values, c * kChunkRows, buffer);
    std::lock_guard lock(pool_mutex_);
    free_ints_.push_back(std::move(buffer));
  });
  free_ints_.clear();
  if (bits) values.ConvertTo(PackedInts::kBitWidth, threads);
  column_->ints = std::move(values);
}

void ColumnSink::FinishText(int threads, std::shared_ptr<const Dictionary> order) {
  const Column& column = *column_;
  auto code_at = [&](size_t row) { return chunks_[row / kChunkRows].codes[row % kChunkRows]; };
  std::vector<std::vector<uint32_t>> remap(local_.size());
  if (order) {
    for (size_t w = 0; w < local_.size(); ++w)
      for (uint32_t c = 0; c < local_[w]->dictionary().size(); ++c) {
        auto code = order->Find(local_[w]->dictionary().Get(c));
        if (!code) throw Error(ErrorKind::kInternal, "a text outside the column's dictionary");
        remap[w].push_back(*code);
      }
  } else {
    // Placed in order of first appearance in the rows; the scan stops once
    // every worker's entries are placed (a few batches for labels).
    auto appearance = std::make_shared<Dictionary>();
    size_t unplaced = 0;
    for (size_t w = 0; w < local_.size(); ++w) {
      remap[w].assign(local_[w]->dictionary().size(), UINT32_MAX);
      unplaced += local_[w]->dictionary().size();
    }
    for (size_t b = 0; b < batch_worker_.size() && unplaced > 0; ++b) {
      std::vector<uint32_t>& map = remap[batch_worker_[b]];
      const Dictionary& own = local_[batch_worker_[b]]->dictionary();
      for (size_t row = b * kBatchRows; row < std::min(rows_, (b + 1) * kBatchRows); ++row) {
        if (column.nulls[row]) continue;  // its code 0 was never interned
        uint32_t& placed = map[code_at(row)];
        if (placed != UINT32_MAX) continue;
        placed = appearance->Intern(own.Get(code_at(row)));
        --unplaced;
      }
    }
    if (appearance->size() == 0) appearance->Intern("");  // keep code 0 valid for NULL rows
    order = std::move(appearance);
  }
  PackedCodes codes =
      PackedCodes::Zeros(PackedCodes::WidthFor(0, static_cast<uint32_t>(order->size() - 1)), rows_);
  ParallelFor(chunk_count_, threads, [&](size_t c) {
    PackedCodes& chunk = chunks_[c].codes;
    std::vector<uint32_t> buffer = Reuse(pool_mutex_, free_codes_, chunk.size());
    chunk.CopyTo(0, chunk.size(), buffer.data());
    chunk = PackedCodes();
    for (size_t i = 0; i < buffer.size(); ++i) {
      const size_t row = c * kChunkRows + i;
      buffer[i] = column.nulls[row] ? 0 : remap[batch_worker_[row / kBatchRows]][buffer[i]];
    }
    StoreAt(codes, c * kChunkRows, buffer);
    std::lock_guard lock(pool_mutex_);
    free_codes_.push_back(std::move(buffer));
  });
  free_codes_.clear();
  column_->codes = std::move(codes);
  column_->dictionary = std::move(order);
}

std::shared_ptr<Column> ColumnSink::Finish(int threads, std::shared_ptr<const Dictionary> order) {
  if (is_string_)
    FinishText(threads, std::move(order));
  else
    FinishNumbers(threads);
  local_.clear();
  chunks_.reset();
  if (!column_->nulls.Any()) column_->nulls.clear();
  return std::move(column_);
}

}  // namespace acctseg
