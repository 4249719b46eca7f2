// LiveUniverse::Summary: accounts and summary measures per combination of
// the policy's summary dimensions (segment x tier x region in the seed
// policy), for the dashboard's heat map.
#include <cstdint>
#include <map>
#include <unordered_map>

#include "live/universe.h"
#include "live/universe_state.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

struct CodesHash {
  size_t operator()(const std::vector<uint32_t>& codes) const {
    uint64_t hash = 0x9e3779b97f4a7c15;
    for (uint32_t code : codes) hash = (hash ^ code) * 0x100000001b3;
    return hash;
  }
};

}  // namespace

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
  // Counted by the dimensions' dictionary codes (a poll of the dashboard
  // scans every account under the readers' lock, which holds events back:
  // no strings per row), then keyed by their values (NULL as "(none)", as
  // the run store counts it), sorted. Equal values under different codes
  // (a column written in place keeps its old entries) meet in the map.
  constexpr uint32_t kNull = UINT32_MAX;
  std::unordered_map<std::vector<uint32_t>, Cell, CodesHash> by_codes;
  const size_t n = state_->accounts->row_count();
  std::vector<uint32_t> codes(dimensions.size());
  for (size_t row = 0; row < n; ++row) {
    for (size_t d = 0; d < dimensions.size(); ++d)
      codes[d] = dimensions[d]->IsNull(row) ? kNull : dimensions[d]->codes[row];
    Cell& cell = by_codes[codes];
    if (cell.sums.empty()) cell.sums.assign(measures.size(), 0);
    ++cell.accounts;
    for (size_t m = 0; m < measures.size(); ++m)
      if (!measures[m]->IsNull(row)) cell.sums[m] += measures[m]->ints[row];
  }
  std::map<std::vector<std::string>, Cell> cells;
  for (const auto& [key, counted] : by_codes) {
    std::vector<std::string> values(key.size());
    for (size_t d = 0; d < key.size(); ++d)
      values[d] = key[d] == kNull ? "(none)" : std::string(dimensions[d]->dictionary->Get(key[d]));
    Cell& cell = cells[values];
    if (cell.sums.empty()) cell.sums.assign(measures.size(), 0);
    cell.accounts += counted.accounts;
    for (size_t m = 0; m < measures.size(); ++m) cell.sums[m] += counted.sums[m];
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
