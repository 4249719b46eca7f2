#include "table/row_lines.h"

#include <algorithm>
#include <stdexcept>

namespace acctseg {

RowLines RowLines::FromRuns(std::vector<Run> runs, size_t rows) {
  if (rows > 0 && (runs.empty() || runs[0].first_row != 0))
    throw std::invalid_argument("the row lines do not start at the first row");
  if (rows == 0 && !runs.empty()) throw std::invalid_argument("row lines without rows");
  for (size_t r = 1; r < runs.size(); ++r)
    if (runs[r].first_row <= runs[r - 1].first_row)
      throw std::invalid_argument("the row lines' runs are out of order");
  if (!runs.empty() && runs.back().first_row >= rows)
    throw std::invalid_argument("a run of row lines starts past the last row");
  RowLines lines;
  lines.runs_ = std::move(runs);
  lines.rows_ = rows;
  return lines;
}

size_t RowLines::RunOf(size_t row) const {
  auto after = std::upper_bound(runs_.begin(), runs_.end(), row,
                                [](size_t r, const Run& run) { return r < run.first_row; });
  return static_cast<size_t>(after - runs_.begin()) - 1;
}

uint64_t RowLines::operator[](size_t row) const {
  const Run& run = runs_[RunOf(row)];
  return run.first_line + (row - run.first_row);
}

std::vector<uint64_t> RowLines::All() const {
  std::vector<uint64_t> lines;
  lines.reserve(rows_);
  for (size_t r = 0; r < runs_.size(); ++r)
    for (uint64_t row = runs_[r].first_row; row < EndOf(r); ++row)
      lines.push_back(runs_[r].first_line + (row - runs_[r].first_row));
  return lines;
}

uint64_t RowLines::Max() const {
  uint64_t most = 0;
  for (size_t r = 0; r < runs_.size(); ++r)
    most = std::max(most, runs_[r].first_line + (EndOf(r) - runs_[r].first_row) - 1);
  return most;
}

void RowLines::push_back(uint64_t line) {
  if (runs_.empty() || runs_.back().first_line + (rows_ - runs_.back().first_row) != line)
    runs_.push_back({rows_, line});
  ++rows_;
}

void RowLines::Append(const RowLines& more) {
  for (size_t r = 0; r < more.runs_.size(); ++r) {
    const Run& run = more.runs_[r];
    push_back(run.first_line);  // joins our last run when it follows on
    rows_ += more.EndOf(r) - run.first_row - 1;
  }
}

void RowLines::erase(size_t row) {
  const size_t r = RunOf(row);
  const uint64_t end = EndOf(r);
  // The rows after `row` in its run keep their lines: they start a run.
  if (row + 1 < end)
    runs_.insert(runs_.begin() + static_cast<std::ptrdiff_t>(r) + 1,
                 {row + 1, runs_[r].first_line + (row + 1 - runs_[r].first_row)});
  if (runs_[r].first_row == row) runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(r));
  --rows_;
  for (size_t later = r; later < runs_.size(); ++later)
    if (runs_[later].first_row > row) --runs_[later].first_row;
  // Removing a run's only row can make its neighbours consecutive.
  if (r > 0 && r < runs_.size()) {
    const Run& before = runs_[r - 1];
    if (before.first_line + (runs_[r].first_row - before.first_row) == runs_[r].first_line)
      runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(r));
  }
}

}  // namespace acctseg
