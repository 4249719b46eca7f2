// Test helpers for the table readers (io/table_file.h): what a read gave,
// as text, and what a failed read said.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "io/csv_reader.h"

namespace acctseg::testing {

// Each row's value of column `name` as text ("<null>" for NULL; integers,
// decimals and booleans as their stored integer), for any column type.
std::vector<std::string> ColumnValues(const CsvReadResult& result, const std::string& name);

// The message of the Error that ReadTableFile(options) throws ("" and a
// test failure if none); a test failure too if it is not of `kind`.
std::string ReadTableError(const CsvReadOptions& options, ErrorKind kind = ErrorKind::kInput);

}  // namespace acctseg::testing
