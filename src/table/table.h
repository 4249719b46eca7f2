// A table: named columns of equal length (struct of arrays). Columns are
// shared, immutable once added, so steps can add new columns while earlier
// ones are read by other threads.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "table/column.h"

namespace acctseg {

class Table {
 public:
  explicit Table(size_t row_count = 0) : row_count_(row_count) {}

  size_t row_count() const { return row_count_; }
  size_t column_count() const { return columns_.size(); }

  // Adds or replaces a column by name; its size must equal row_count().
  void Set(const std::string& name, std::shared_ptr<const Column> column);
  // nullptr if there is no such column.
  const Column* Find(const std::string& name) const;
  std::shared_ptr<const Column> Get(const std::string& name) const;

  const std::vector<std::string>& names() const { return names_; }

 private:
  size_t row_count_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<const Column>> columns_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace acctseg
