// How the run store keeps a column: one self-describing blob per column.
// The blob is the 4-byte tag "ACC1" followed by one zstd frame (with its
// checksum) of: type, row count, NULL flags, the values and, for strings,
// the dictionary. Integers (bool, int64, decimal units, string codes) are
// zigzag varints, of the values or of their differences from the previous
// value, whichever is smaller for that column (ids in order shrink to ~1
// byte a row before zstd even starts). docs/run-store.md has the layout
// and measurements.
//
// Decoding returns exactly the column that was encoded: same type and scale,
// the same NULL bytes, values, codes and dictionary entries in order.
// A blob that is not a valid column → Error(kStore, "corrupt column data: ...").
// All functions are thread-safe; the *Table functions use up to `threads`
// threads, one column per task.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "table/column.h"
#include "table/table.h"

namespace acctseg {

std::string EncodeColumn(const Column& column);
Column DecodeColumn(std::string_view blob);

// One blob per column of `table`, in order. With `wanted`, only the
// columns it marks are encoded; the others' blobs are left empty.
std::vector<std::string> EncodeTable(const Table& table, int threads);
std::vector<std::string> EncodeTable(const Table& table, int threads,
                                     const std::vector<bool>& wanted);

// Per column of `table`, a key for the blob EncodeTable writes of it
// ("xxh3-128:..." over the column's type, NULLs, stored values and
// dictionary, or over the earlier column whose dictionary it shares):
// columns with equal keys have equal blobs, so a store keeps a blob once
// however many runs hold that column (docs/run-store.md). Much cheaper
// than encoding: no varints, no compression.
std::vector<std::string> ColumnContentKeys(const Table& table, int threads);

// The inverse of EncodeTable. The table's row_count is its columns' length,
// or `row_count_if_no_columns`. Throws Error(kStore) if a blob is corrupt or
// the columns differ in length.
Table DecodeTable(const std::vector<std::string>& names, const std::vector<std::string_view>& blobs,
                  size_t row_count_if_no_columns, int threads);

}  // namespace acctseg
