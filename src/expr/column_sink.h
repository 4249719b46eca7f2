// A column filled batch by batch from several workers at once: what
// Materialize does with an expression's batches, and what a fused step
// (plan/fused_group.h) does with the outputs that outlive its group.
//
// Values are gathered a chunk of 65,536 rows at a time, and each chunk is
// narrowed to the width its own values need as soon as its last batch is
// in, so that the column never exists wide (8 bytes a number, 4 a code:
// 800 MB for one number column at 100M accounts, several at once in a
// fused group); Finish copies the chunks into one array of the column's
// width. Text is interned into each worker's own dictionary and the codes
// remapped at the end into one dictionary whose order is that of first
// appearance in the rows, so it never depends on which worker took which
// batch (a stored run keeps that order).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "expr/vector.h"
#include "table/column.h"

namespace acctseg {

// Texts interned into one dictionary, where a text that arrives as a code of
// a small dictionary (a label, a column read) costs a table lookup instead
// of a hash. The source dictionaries may grow (another interner's).
class TextInterner {
 public:
  // A source dictionary larger than this is not worth a table per source
  // (an id column's 10M entries): its texts are hashed.
  static constexpr size_t kMaxCodedEntries = size_t{1} << 16;

  // values.str[i], through values.codes when the vector carries them.
  uint32_t Intern(const Vector& values, size_t i);
  // `text`, which is entry `code` of `source`.
  uint32_t InternCode(std::string_view text, const Dictionary* source, uint32_t code);
  const Dictionary& dictionary() const { return dictionary_; }

 private:
  struct Memo {
    const Dictionary* source;
    std::vector<uint32_t> entry_of_code;  // UINT32_MAX: not seen yet
  };
  Dictionary dictionary_;
  std::vector<Memo> memos_;  // by source, a few
};

class ColumnSink {
 public:
  ColumnSink(DataType type, size_t rows, int workers);
  ~ColumnSink();

  // Rows [begin, begin + values.size) of the column, from `worker`: `begin`
  // a multiple of kBatchRows, each batch added once, and each worker's
  // batches in increasing order (as ParallelForWorkers hands them out).
  void Add(size_t worker, size_t begin, const Vector& values);

  // The complete column. `order`: the dictionary its text takes, holding
  // every text added, when the caller fixes the order itself (classify:
  // its labels first); nullptr: the order of first appearance.
  std::shared_ptr<Column> Finish(int threads, std::shared_ptr<const Dictionary> order = nullptr);

 private:
  struct Chunk;
  // The chunk holding `begin`, its wide array allocated by the first batch in.
  Chunk& ChunkOf(size_t begin);
  // After a batch of `chunk` is in: narrows the chunk once all of them are.
  void BatchDone(Chunk& chunk);
  void FinishNumbers(int threads);
  void FinishText(int threads, std::shared_ptr<const Dictionary> order);

  std::shared_ptr<Column> column_;  // type and NULLs as they come; values at the end
  bool is_string_;
  size_t rows_;
  std::unique_ptr<Chunk[]> chunks_;
  size_t chunk_count_;
  std::vector<std::unique_ptr<TextInterner>> local_;  // by worker (text only)
  std::vector<uint32_t> batch_worker_;                // by batch: who added it (text only)
  // Wide buffers of narrowed chunks, for the next chunks: a few chunks'
  // worth of memory, touched again instead of fresh pages for every chunk.
  std::mutex pool_mutex_;
  std::vector<std::vector<int64_t>> free_ints_;
  std::vector<std::vector<uint32_t>> free_codes_;
};

}  // namespace acctseg
