// A text column built from texts made row by row on many threads (the
// predict step's reasons, a reasons column kept as codes when it is turned
// back into text): each morsel of rows writes its texts as dictionary
// entries end to end, and the column's dictionary adopts those buffers
// instead of copying ten million texts (Dictionary::AdoptInRowOrder).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "table/column.h"
#include "table/dictionary_entry.h"

namespace acctseg {

// Texts of consecutive rows, as dictionary entries end to end (each text
// behind its length: table/dictionary_entry.h): row i's entry ends at
// ends[i] and begins where row i - 1's ends (at 0 for the first).
struct RowTexts {
  std::unique_ptr<char[]> bytes;
  size_t size = 0, capacity = 0;
  std::vector<uint32_t> ends;

  // Makes room for `more` bytes beyond size (never zero-filled).
  void Reserve(size_t more) {
    if (size + more <= capacity) return;
    capacity = std::max(size + more, capacity * 2);
    auto grown = std::make_unique_for_overwrite<char[]>(capacity);
    if (size > 0) std::memcpy(grown.get(), bytes.get(), size);
    bytes = std::move(grown);
  }
  // Appends the next row's text.
  void Append(std::string_view text) {
    Reserve(dictionary_entry::LengthBytes(text.size()) + text.size());
    size = static_cast<size_t>(dictionary_entry::Put(text, bytes.get() + size) - bytes.get());
    ends.push_back(static_cast<uint32_t>(size));
  }
  std::string_view Text(size_t row) const {
    return dictionary_entry::Text(bytes.get() + (row == 0 ? 0 : ends[row - 1]));
  }
};

// A string column of `rows` rows (none NULL): `fill(begin, end, texts)`
// appends the texts of rows [begin, end) to an empty `texts`, for morsels
// of `morsel` rows on up to `threads` threads. The codes are those of
// interning the texts row after row, whatever the threads.
Column TextColumnInRowOrder(size_t rows, size_t morsel, int threads,
                            const std::function<void(size_t, size_t, RowTexts&)>& fill);

}  // namespace acctseg
