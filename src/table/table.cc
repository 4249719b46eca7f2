#include "table/table.h"

#include "common/error.h"

namespace acctseg {

void Table::Add(std::string name, std::shared_ptr<const Column> column) {
  if (column == nullptr) throw Error(ErrorKind::kInternal, "column \"" + name + "\" is missing");
  if (column->size() != row_count_ || (column->HasNulls() && column->nulls.size() != row_count_))
    throw Error(ErrorKind::kInternal, "column \"" + name + "\" has " +
                                          std::to_string(column->size()) + " rows, the table " +
                                          std::to_string(row_count_));
  if (!index_.emplace(name, columns_.size()).second)
    throw Error(ErrorKind::kInternal, "column \"" + name + "\" is already in the table");
  names_.push_back(std::move(name));
  columns_.push_back(std::move(column));
}

Table Table::Select(const std::vector<std::string>& names) const {
  Table selected(row_count_);
  for (const std::string& name : names) {
    std::shared_ptr<const Column> column = Get(name);
    if (column == nullptr)
      throw Error(ErrorKind::kInternal, "the table has no column \"" + name + "\"");
    selected.Add(name, std::move(column));
  }
  return selected;
}

const Column* Table::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : columns_[it->second].get();
}

std::shared_ptr<const Column> Table::Get(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : columns_[it->second];
}

}  // namespace acctseg
