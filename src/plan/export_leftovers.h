// What spreadsheet and CRM exports leave in a file that is no account, found
// before a run ranks it with the accounts: the header again where two
// exports were joined, and a report's total line at the end (Salesforce's
// "Grand Total", which added its sums to every summary). Blank rows are
// the missing keys' check (run.cc, NoteMissingKeys).
#pragma once

#include <string>
#include <vector>

#include "io/csv_reader.h"

namespace acctseg {

// For an input whose rows are named by `key` (the column `key_column` of
// `read`: its key, else its first text column), read at `path` (as
// messages name it): Error(kInput) naming the line of a row that repeats
// the header; where `notes` is given (the accounts), a note in it when the
// last row's key reads like a total ("Total", "Grand Total (85 records)").
void CheckExportLeftovers(const CsvReadResult& read, const Column& key,
                          const std::string& key_column, const std::string& path,
                          std::vector<std::string>* notes);

}  // namespace acctseg
