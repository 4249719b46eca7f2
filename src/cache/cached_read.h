// One cache entry: a CsvReadResult laid out as the columns hold it, so that
// loading is copying arrays, not parsing text. Integer-slot values are
// int64 arrays, string columns their uint32 codes plus the dictionary's
// entries (offsets and bytes, in code order), NULL flags one byte a row;
// then the row lines, row issue bits and the invalid values' rows.
//
// Layout: the magic "ACCTSEGC", the header's length, the header (format
// version, the key's text, the result's facts, each column's name and type,
// and the table of sections: offset, length and XXH3-128 of each), the
// header's own hash, then the sections, each at a 64-byte boundary.
// Loading checks all of it — magic, lengths, both kinds of hash, the key —
// so a truncated, corrupt or foreign file is refused, never half read.
//
// Threads: both functions may run in several processes on the same entry;
// the entry appears by rename (io/atomic_file.h), so a reader sees a whole
// old entry or a whole new one.
#pragma once

#include <optional>
#include <string>

#include "io/csv_reader.h"

namespace acctseg {

// Writes `result` as the entry `path` and returns true; returns false and
// writes nothing when its arrays alone are over `max_bytes` (an entry the
// cache would remove at once). Throws Error(kIo) if it cannot write.
bool WriteCachedRead(const std::string& path, const std::string& key_text,
                     const CsvReadResult& result, uint64_t max_bytes);

// The entry at `path` if it exists and is a sound entry for `key_text`.
// nullopt with `problem` empty when there is no such file; nullopt with
// `problem` saying what is wrong when the file is there but unusable.
std::optional<CsvReadResult> LoadCachedRead(const std::string& path, const std::string& key_text,
                                            int threads, std::string& problem);

}  // namespace acctseg
