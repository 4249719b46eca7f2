#include "util/make_table.h"

namespace acctseg::testing {

Table MakeTable(std::vector<std::pair<std::string, Column>> columns) {
  Table table(columns.empty() ? 0 : columns.front().second.size());
  for (auto& [name, column] : columns)
    table.Add(name, std::make_shared<const Column>(std::move(column)));
  return table;
}

Column StringColumn(const std::vector<std::string>& values, const std::vector<bool>& nulls) {
  Column column = Column::Make(DataType::String(), values.size(), !nulls.empty());
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t row = 0; row < values.size(); ++row) {
    if (!nulls.empty() && nulls[row])
      column.nulls.Set(row, true);
    else
      column.codes.Set(row, dictionary->Intern(values[row]));
  }
  column.dictionary = std::move(dictionary);
  return column;
}

Column IntColumn(DataType type, const std::vector<int64_t>& values,
                 const std::vector<bool>& nulls) {
  Column column = Column::Make(type, values.size(), !nulls.empty());
  column.ints = values;
  for (size_t row = 0; row < nulls.size(); ++row) column.nulls.Set(row, nulls[row]);
  return column;
}

}  // namespace acctseg::testing
