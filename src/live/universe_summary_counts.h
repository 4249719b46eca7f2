// The counts and sums GET /v1/summary answers (accounts and summary
// measures per combination of the policy's summary dimensions), kept as
// events change rows. A dashboard polls the summary every few seconds;
// scanning a million accounts for it held the readers' lock for tens of
// milliseconds, and with it every event behind it. Kept up to date, a poll
// reads a few hundred cells.
//
// Each row remembers the cell it was counted in and the measure values it
// added, so a row is recounted from its current values alone (no "before"
// needed): Recount after a row's values changed, EraseRow before a row is
// taken out, Rebuild after a full re-run (the columns are new then).
// Not thread-safe: the universe's lock covers it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "plan/plan.h"

namespace acctseg {

class SummaryCounts {
 public:
  // Counts every row of `execution` (`rows` of them) afresh.
  void Rebuild(const Plan& plan, const Execution& execution, size_t rows);
  // Rows whose dimensions or measures may have changed (a new row, appended
  // last, included), counted again from the execution's columns.
  void Recount(const std::vector<int32_t>& rows);
  // Takes row `row` out of its cell; the rows after it move up one.
  void EraseRow(int32_t row);
  // Room for `rows` rows, so that rows appended up to them copy nothing.
  void Reserve(size_t rows);
  // {"dimensions", "measures", "rows": [{dim.., "accounts", measure..}], "accounts"},
  // rows sorted by their dimension values, NULL as "(none)".
  nlohmann::ordered_json Json() const;

 private:
  struct Cell {
    uint64_t accounts = 0;
    std::vector<int64_t> sums;
  };
  struct CodesHash {
    size_t operator()(const std::vector<uint32_t>& codes) const;
  };
  void Resolve();             // the columns, looked up by name (a full re-run replaces them)
  Cell* CellOf(size_t row);   // the cell of the row's current dimension values
  void Add(size_t row);       // counts the row in its current cell
  void Subtract(size_t row);  // takes out what the row added

  const Plan* plan_ = nullptr;
  const Execution* execution_ = nullptr;
  std::vector<std::string> dimension_names_;
  std::vector<std::shared_ptr<const Column>> dimensions_, measures_;
  std::map<std::vector<std::string>, Cell> cells_;  // by dimension values
  // By the dimensions' dictionary codes: no strings per row.
  std::unordered_map<std::vector<uint32_t>, Cell*, CodesHash> by_codes_;
  std::vector<Cell*> cell_of_row_;  // null: not counted
  std::vector<int64_t> added_;      // per row, the measures it added
  std::vector<uint32_t> codes_;     // scratch
  size_t rows_ = 0;
};

}  // namespace acctseg
