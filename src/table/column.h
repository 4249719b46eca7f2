// A column: one typed array over all rows of a table. Bool, integer and
// decimal values sit in `ints` (bool as 0/1, decimal as 10^-scale units),
// strings sit in `codes`, indexes into a shared immutable Dictionary; both
// in the narrowest width their values need (table/packed_array.h).
// `nulls` is empty when no row is NULL, else a bit a row (table/null_mask.h).
// A reasons column a run only writes may instead be kept as `reasons`
// (table/reason_codes.h): no codes, no dictionary; only the writers (the
// table writer, the run store's encoder) read such a column.
// A finished column is immutable and safe to read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "table/data_type.h"
#include "table/dictionary.h"
#include "table/null_mask.h"
#include "table/packed_array.h"

namespace acctseg {

// How many rows ahead a loop over scattered rows asks the cache for the
// values it will read or write (Column::Prefetch): a live family's rows lie
// anywhere in columns of a million, and each read of one is a miss.
constexpr size_t kPrefetchAhead = 8;

class ReasonCodes;

struct Column {
  DataType type;
  PackedInts ints;
  PackedCodes codes;
  std::shared_ptr<const Dictionary> dictionary;
  NullMask nulls;
  std::shared_ptr<const ReasonCodes> reasons;  // set: the rows are these

  size_t size() const {
    if (type.id != TypeId::kString) return ints.size();
    return reasons ? ReasonRows() : codes.size();
  }
  bool IsNull(size_t row) const { return !nulls.empty() && nulls[row] != 0; }
  bool HasNulls() const { return !nulls.empty(); }
  std::string_view StringAt(size_t row) const { return dictionary->Get(codes[row]); }
  // Asks the cache for row `row`'s value and NULL bit (PackedArray::Prefetch).
  void Prefetch(size_t row) const {
    if (type.id == TypeId::kString)
      codes.Prefetch(row);
    else
      ints.Prefetch(row);
    if (!nulls.empty()) __builtin_prefetch(nulls.words().data() + (row >> 6));
  }

  // Stores the values (ints or codes) in the narrowest width that holds
  // them: for a writer that has filled the column, once it is final.
  void Narrow(int threads = 1);

  // Allocates storage for `rows` rows of `type` (values zero, not NULL;
  // integers and codes wide, to be written through Wide() or Set).
  static Column Make(DataType type, size_t rows, bool nullable);
  // A text column whose rows are `reasons`.
  static Column OfReasons(std::shared_ptr<const ReasonCodes> reasons);

 private:
  size_t ReasonRows() const;
};

}  // namespace acctseg
