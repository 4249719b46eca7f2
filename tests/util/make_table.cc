#include "util/make_table.h"

namespace acctseg::testing {

Table MakeTable(std::vector<std::pair<std::string, Column>> columns) {
  Table table(columns.empty() ? 0 : columns.front().second.size());
  for (auto& [name, column] : columns)
    table.Add(name, std::make_shared<const Column>(std::move(column)));
  return table;
}

}  // namespace acctseg::testing
