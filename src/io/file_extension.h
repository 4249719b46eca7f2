// A file name's extension as the readers and writers compare it: lowercase,
// with its dot (".jsonl"); "" when the name has none.
#pragma once

#include <string>

namespace acctseg {

std::string LowercaseExtension(const std::string& path);

// Whether a (LowercaseExtension) extension names a format acctseg neither
// reads nor writes as a table: spreadsheets (.xlsx), columnar files
// (.parquet), plain JSON (.json: JSON Lines is .jsonl), databases
// (.sqlite) and compressed files (.gz). Read as CSV, each gave a
// misleading message about quotes or UTF-8; written, CSV under that name.
bool NamesAnotherTableFormat(const std::string& extension);

}  // namespace acctseg
