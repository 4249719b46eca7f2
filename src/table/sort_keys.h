// Ordering rows by several columns: the sort machinery of the tier step,
// for any step that ranks rows (aggregates, territory balancing).
//
// SortKeys reads each key column as integers whose ascending order is the
// wanted order (numbers as they are, strings by the byte-wise rank of their
// text, ranked once per dictionary, DESC by flipping the bits); Sort then
// orders any selection of rows by them. Within a selection each key is shifted to start
// at 0 and NULL placed one past either end, so when all keys and the row
// index fit in a 64- or 128-bit integer one integer compare orders two rows.
// Ties keep the selection's order, and the result does not depend on the
// number of threads.
//
// A SortKeys reads its columns' values and NULL flags: the columns must
// outlive it.
// Built, it is immutable; Sort may run on several selections at once.
#pragma once

#include <cstdint>
#include <vector>

#include "table/column.h"
#include "table/dictionary.h"

namespace acctseg {

// One key: a column (numbers, booleans or strings) and how it orders.
struct SortColumn {
  const Column* column = nullptr;
  bool descending = false;
  bool nulls_first = false;  // NULLs sort after every value unless set
};

class SortKeys {
 public:
  // Normalizes the keys (all columns of one length), on up to `threads` threads.
  SortKeys(const std::vector<SortColumn>& columns, int threads);

  // Orders `rows`, a selection (distinct row indexes in increasing order),
  // by the keys in turn; rows tied on every key keep their order. Uses up to
  // `threads` threads.
  void Sort(std::vector<int32_t>& rows, int threads) const;

  // Whether row `a` orders strictly before row `b` (false when tied).
  bool Before(int32_t a, int32_t b) const;

 private:
  // A key reads its column where it lies (a number column's values, a
  // string column's codes through their ranks) instead of a copy of 8 bytes
  // a row: at 100M accounts each copy was 800 MB at the tier step's peak.
  struct Key {
    const PackedInts* ints = nullptr;    // a number column's values, or
    const PackedCodes* codes = nullptr;  // a string column's codes, and
    std::vector<uint32_t> rank_of_code;  // the rank of each code's text
    bool descending = false;
    const NullMask* nulls = nullptr;  // nullptr: no NULLs
    bool nulls_first = false;

    // The row's key, ascending = wanted order; ~x reverses the order
    // without overflow.
    int64_t Value(int32_t row) const {
      const int64_t v = codes ? int64_t{rank_of_code[(*codes)[row]]} : (*ints)[row];
      return descending ? ~v : v;
    }
  };
  // A key over one selection: a value packs as value - min (wrapping), a
  // NULL as null_value, in `bits` bits.
  struct Range {
    int64_t min = 0;          // the smallest value; one less when NULLs go first
    uint64_t null_value = 0;  // NULLs last: one past the largest; NULLs first: 0
    int bits = 0;
  };

  Range RangeOf(const Key& key, const std::vector<int32_t>& rows, int threads) const;
  template <typename Word>
  void SortPacked(const std::vector<Range>& ranges, int row_bits, std::vector<int32_t>& rows,
                  int threads) const;

  std::vector<Key> keys_;
};

// The rank of each dictionary code in byte-wise order of its text (0 the
// smallest), on up to `threads` threads.
std::vector<uint32_t> ByteOrderRanks(const Dictionary& dictionary, int threads);

}  // namespace acctseg
