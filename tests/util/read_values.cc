#include "util/read_values.h"

#include <gtest/gtest.h>

#include "io/table_file.h"

namespace acctseg::testing {

std::vector<std::string> ColumnValues(const CsvReadResult& result, const std::string& name) {
  const Column* column = result.table.Find(name);
  std::vector<std::string> values;
  for (size_t row = 0; row < result.table.row_count(); ++row) {
    if (column->IsNull(row))
      values.emplace_back("<null>");
    else if (column->type.id == TypeId::kString)
      values.emplace_back(column->StringAt(row));
    else
      values.push_back(std::to_string(column->ints[row]));
  }
  return values;
}

std::string ReadTableError(const CsvReadOptions& options, ErrorKind kind) {
  try {
    ReadTableFile(options);
  } catch (const Error& error) {
    EXPECT_EQ(static_cast<int>(error.kind()), static_cast<int>(kind)) << error.what();
    return error.what();
  }
  ADD_FAILURE() << options.path << ": read without an error";
  return "";
}

}  // namespace acctseg::testing
