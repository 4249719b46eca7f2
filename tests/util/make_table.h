// Tests build small tables from named columns in one expression.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "table/table.h"

namespace acctseg::testing {

// The columns in order; row_count is the first column's length (0 if none).
// Throws as Table::Add does if the lengths differ or a name repeats.
Table MakeTable(std::vector<std::pair<std::string, Column>> columns);

// A string column; rows where `nulls` is true are NULL (their text unused).
Column StringColumn(const std::vector<std::string>& values, const std::vector<bool>& nulls = {});
// An integer, decimal (values in 10^-scale units), bool or date column.
Column IntColumn(DataType type, const std::vector<int64_t>& values,
                 const std::vector<bool>& nulls = {});

}  // namespace acctseg::testing
