// Chooses the reader for an input or table file by its name, so callers do
// not each decide: ".jsonl" and ".ndjson" (any case) are JSON Lines
// (io/jsonl_reader.h), everything else is CSV (io/csv_reader.h).
#pragma once

#include <string_view>

#include "io/csv_reader.h"

namespace acctseg {

bool IsJsonLinesPath(std::string_view path);

CsvReadResult ReadTableFile(const CsvReadOptions& options);

}  // namespace acctseg
