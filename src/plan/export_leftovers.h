// What spreadsheet and CRM exports leave in a file that is no account, found
// before a run ranks it with the accounts: blank rows (Excel's ",,,,,,"
// where data was deleted), the header again where two exports were joined,
// and a report's total line at the end (Salesforce's "Grand Total"). Each
// was read as an account: blank rows joined a segment and moved real
// accounts across tier cuts, and a total line added its sums to every
// summary.
#pragma once

#include <string>
#include <vector>

#include "io/csv_reader.h"

namespace acctseg {

// For an input whose key is `key_column`, read at `path` (as messages name
// it): Error(kInput) naming the lines of rows whose every field is empty,
// or of a row that repeats the header; a note in `notes` when the last
// row's key reads like a total ("Total", "Grand Total (85 records)").
void CheckExportLeftovers(const CsvReadResult& read, const std::string& key_column,
                          const std::string& path, std::vector<std::string>& notes);

}  // namespace acctseg
