#include "table/table.h"

#include "common/error.h"

namespace acctseg {

void Table::Set(const std::string& name, std::shared_ptr<const Column> column) {
  if (column->size() != row_count_)
    throw Error(ErrorKind::kInternal, "column " + name + " has the wrong number of rows");
  auto it = index_.find(name);
  if (it != index_.end()) {
    columns_[it->second] = std::move(column);
    return;
  }
  index_.emplace(name, columns_.size());
  names_.push_back(name);
  columns_.push_back(std::move(column));
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
