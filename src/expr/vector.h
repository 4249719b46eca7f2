// A Vector is one batch (up to kBatchRows) of values of one type: the unit
// expressions are evaluated on. Numbers (bool 0/1, integers, decimals in
// 10^-scale units) use `num`; strings use `str`, views whose text lives in a
// column's dictionary, in the plan (literals) or in the batch's StringArena;
// lists use `list`. `null` always has one byte per row (1 = NULL).
// A string vector read straight from a column also carries the rows'
// dictionary codes (`dictionary` set, `codes` valid where not NULL), so that
// comparisons with constants can compare codes instead of bytes.
// Vectors are per-thread scratch: their buffers are reused batch after batch,
// so evaluation allocates nothing once warm.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "table/data_type.h"
#include "table/dictionary.h"

namespace acctseg {

struct Vector {
  DataType type;
  size_t size = 0;
  std::vector<int64_t> num;
  std::vector<std::string_view> str;
  std::vector<std::vector<std::string_view>> list;
  std::vector<uint8_t> null;
  const Dictionary* dictionary = nullptr;
  std::vector<uint32_t> codes;

  // Sets the size and type; contents are unspecified until written, except
  // that `null` is all zero and there are no codes.
  void Reset(DataType t, size_t rows) {
    type = t;
    size = rows;
    dictionary = nullptr;
    null.assign(rows, 0);
    switch (t.id) {
      case TypeId::kString:
        str.resize(rows);
        break;
      case TypeId::kList:
        if (list.size() < rows) list.resize(rows);
        break;
      case TypeId::kNull:
        // A NULL literal: its consumer reads it as the type it expects
        // (LENGTH(NULL) reads strings), so every array must have the rows.
        str.resize(rows);
        if (list.size() < rows) list.resize(rows);
        num.resize(rows);
        break;
      default:
        num.resize(rows);
        break;
    }
  }
  bool IsNull(size_t i) const { return null[i] != 0; }
  // Row i becomes NULL, its value cleared (text: an empty view, code 0
  // where the vector carries codes; numbers: 0).
  void SetNull(size_t i) {
    null[i] = 1;
    if (type.id == TypeId::kString) {
      str[i] = {};
      if (i < codes.size()) codes[i] = 0;
    } else {
      num[i] = 0;
    }
  }
};

// Owns text made during a batch (LOWER, ||, ...). Cleared between batches;
// views into it are valid until then.
class StringArena {
 public:
  std::string_view Copy(std::string_view text);
  // Room for `size` bytes, to be filled by the caller.
  char* Allocate(size_t size);
  void Clear();

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t current_ = 0;
  size_t used_ = 0;
};

}  // namespace acctseg
