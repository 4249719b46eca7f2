// A table: ordered, uniquely named columns of equal length (struct of
// arrays). It is the one type for "a set of named columns" everywhere: the
// input as read, a policy's lookup tables, a run's outputs, what the run
// store saves and loads, what the writer and diff read.
//
// Columns are shared and immutable (shared_ptr<const Column>): copying a
// table or selecting some of its columns copies pointers, never data, so
// one column can sit in the input, the outputs and the stored results at
// once while other threads read it.
//
// Invariants, checked by Add (a violation is a bug upstream, so it throws
// Error kind kInternal): every column is present, has row_count() values
// (and NULL flags, if any, for as many rows), and its name is not taken.
// Names are never replaced: a column once added means the same thing for
// the table's whole life, so a reader that found it by name stays right.
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

  // Appends a column after the others.
  void Add(std::string name, std::shared_ptr<const Column> column);
  // A table of the named columns, in the order given, sharing their data;
  // throws Error kInternal naming a column this table lacks.
  Table Select(const std::vector<std::string>& names) const;

  // nullptr if there is no such column.
  const Column* Find(const std::string& name) const;
  std::shared_ptr<const Column> Get(const std::string& name) const;

  // Column names in order; column(i) is named names()[i].
  const std::vector<std::string>& names() const { return names_; }
  const std::string& name(size_t i) const { return names_[i]; }
  const Column& column(size_t i) const { return *columns_[i]; }
  const std::shared_ptr<const Column>& shared_column(size_t i) const { return columns_[i]; }

 private:
  size_t row_count_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<const Column>> columns_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace acctseg
