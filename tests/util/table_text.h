// What tests compare outputs by: a file's bytes, and a table as the CSV
// the writer makes of it (one thread, so the bytes are the run's own).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "io/table_writer.h"
#include "table/table.h"

namespace acctseg::testing {

inline std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `table` to `path` as CSV and returns the file's bytes.
inline std::string CsvText(const Table& table, const std::string& path) {
  WriteTable(path, OutputFormat::kCsv, table, 1);
  return FileText(path);
}

}  // namespace acctseg::testing
