// The physical line (1-based) where each row of an input starts, for
// messages about rows ("accounts.csv line 7,001").
//
// Almost always a row's line is its row number plus a constant (one header
// line, no blank lines, no quoted newlines), so the lines are kept as runs
// of consecutive lines: a row's line is its run's first line plus its
// distance from the run's first row. A row per line costs 16 bytes a run
// instead of 8 bytes a row (640 MB of fresh memory for the 80M rows of the
// many-sources benchmark at 10M accounts); a file with irregular rows only
// costs more runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace acctseg {

class RowLines {
 public:
  // The line of a row no file holds (an account the server's events created).
  static constexpr uint64_t kNoLine = 0;

  // Rows from `first_row` on lie on consecutive lines from `first_line`, up
  // to the next run's first row.
  struct Run {
    uint64_t first_row;
    uint64_t first_line;
    bool operator==(const Run&) const = default;
  };

  RowLines() = default;
  // From runs as runs() gives them (the input cache stores them); throws
  // std::invalid_argument unless the first run starts at row 0 (when there
  // are rows) and first rows increase below `rows`.
  static RowLines FromRuns(std::vector<Run> runs, size_t rows);

  size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  uint64_t operator[](size_t row) const;
  uint64_t back() const { return (*this)[rows_ - 1]; }
  // Every row's line, in row order (for tests and small tables).
  std::vector<uint64_t> All() const;
  // The highest line of any row (lines need not increase: a subset of rows
  // may come in any order); 0 when empty.
  uint64_t Max() const;

  // A row at the end, on `line`.
  void push_back(uint64_t line);
  // `more`'s rows after ours.
  void Append(const RowLines& more);
  // Removes one row; the rows after it move up one and keep their lines.
  void erase(size_t row);

  const std::vector<Run>& runs() const { return runs_; }
  bool operator==(const RowLines&) const = default;

 private:
  // The run holding `row` (row < size()).
  size_t RunOf(size_t row) const;
  // The first row after run r.
  uint64_t EndOf(size_t r) const { return r + 1 < runs_.size() ? runs_[r + 1].first_row : rows_; }

  std::vector<Run> runs_;
  size_t rows_ = 0;
};

}  // namespace acctseg
