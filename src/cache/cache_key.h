// What identifies a cached read: the bytes of the file and everything that
// changes what the readers make of them. A key is text: the acctseg version
// (another version may parse differently), the reader (CSV,
// TSV or JSON Lines, chosen by the file's name), the encoding, the kept
// columns, each requested column with its type and reading rules, the
// cache format version and the XXH3-128 hash of the file's content
// (store/content_hash.h). The path itself is not part of it: a copy of a
// file hits the same entry, and an edited file never does, whatever its
// modification time says.
//
// Every field of CsvReadOptions and CsvColumnRequest that changes the
// parsed result must appear in DescribeRead; a field added there and not
// here would let a cached read stand for a different one.
#pragma once

#include <optional>
#include <string>

#include "io/csv_reader.h"

namespace acctseg {

// Bumped whenever the file layout (cached_read.cc) or what a reader makes of
// a file changes, so that older entries miss instead of loading wrongly
// (between releases too: builds of one version share their entries).
inline constexpr int kInputCacheFormatVersion = 7;  // 2: row lines as runs; 3: narrow integers;
                                                    // 4: narrow codes; 5: NULLs a bit a row;
                                                    // 6: 0/1 integers a bit a row;
                                                    // 7: the invalid values' rows

struct InputCacheKey {
  std::string text;          // the full key, stored in the entry and compared on load
  std::string file_name;     // the entry's name in the cache directory
  std::string content_hash;  // the file's bytes' hash (HashFile), part of `text`
};

// The reading rules of `read` as text (no path, no thread count: neither
// changes the result).
std::string DescribeRead(const CsvReadOptions& read);

// The key of `read`, hashing the file's bytes; nullopt if the source cannot
// be cached (a database, a pipe, standard input: anything but a regular
// file). Throws Error(kIo) if the file cannot be read.
std::optional<InputCacheKey> InputCacheKeyFor(const CsvReadOptions& read);

}  // namespace acctseg
