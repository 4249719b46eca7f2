// LiveUniverse::Summary: accounts and summary measures per combination of
// the policy's summary dimensions (segment x tier x region in the seed
// policy), for the dashboard's heat map.
#include <map>

#include "live/universe.h"
#include "live/universe_state.h"
#include "table/decimal.h"

namespace acctseg {

nlohmann::ordered_json LiveUniverse::Summary() const {
  const Plan& plan = *state_->plan;
  const Execution& execution = *state_->execution;
  std::vector<std::string> dimension_names;
  std::vector<std::shared_ptr<const Column>> dimensions, measures;
  for (const std::string& d : plan.summary_dimensions()) {
    auto column = execution.ColumnNamed(d);
    if (!column || column->type.id != TypeId::kString) continue;
    dimension_names.push_back(d);
    dimensions.push_back(column);
  }
  for (const std::string& m : plan.summary_measures()) measures.push_back(execution.ColumnNamed(m));
  struct Cell {
    uint64_t accounts = 0;
    std::vector<int64_t> sums;
  };
  // By the dimensions' values (NULL as "(none)", as the run store counts it), sorted.
  std::map<std::vector<std::string>, Cell> cells;
  const size_t n = state_->accounts->row_count();
  std::vector<std::string> values(dimensions.size());
  for (size_t row = 0; row < n; ++row) {
    for (size_t d = 0; d < dimensions.size(); ++d)
      values[d] = dimensions[d]->IsNull(row) ? "(none)" : std::string(dimensions[d]->StringAt(row));
    Cell& cell = cells[values];
    if (cell.sums.empty()) cell.sums.assign(measures.size(), 0);
    ++cell.accounts;
    for (size_t m = 0; m < measures.size(); ++m)
      if (!measures[m]->IsNull(row)) cell.sums[m] += measures[m]->ints[row];
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& [key, cell] : cells) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t d = 0; d < key.size(); ++d) row[dimension_names[d]] = key[d];
    row["accounts"] = cell.accounts;
    for (size_t m = 0; m < measures.size(); ++m) {
      int scale = measures[m]->type.Scale();
      row[plan.summary_measures()[m]] =
          scale == 0 ? nlohmann::ordered_json(cell.sums[m])
                     : nlohmann::ordered_json(std::stod(FormatDecimal(cell.sums[m], scale)));
    }
    rows.push_back(row);
  }
  return {{"dimensions", dimension_names},
          {"measures", plan.summary_measures()},
          {"rows", rows},
          {"accounts", n}};
}

}  // namespace acctseg
