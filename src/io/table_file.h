// Chooses the reader for an input or table by its name, so callers do not
// each decide:
//   - "postgresql://..." or "postgres://..." is a PostgreSQL table or query
//     (io/postgres_source.h);
//   - ".jsonl" and ".ndjson" (any case) are JSON Lines (io/jsonl_reader.h);
//   - ".tsv" and ".tab" are tab-separated, quoted as CSV is;
//   - everything else is CSV (io/csv_reader.h).
// Every reader gives the same CsvReadResult for the same data, so every
// input and policy table can come from any of them.
#pragma once

#include <string>
#include <string_view>

#include "io/csv_reader.h"

namespace acctseg {

bool IsJsonLinesPath(std::string_view path);
// How messages and records name an input or table: its path, or a database
// URL without its password.
std::string SourceDisplayName(const std::string& path);
bool IsTabSeparatedPath(std::string_view path);

CsvReadResult ReadTableFile(const CsvReadOptions& options);

}  // namespace acctseg
