#include "live/universe_summary_counts.h"

#include "common/dimension_value.h"
#include "table/decimal.h"

namespace acctseg {

namespace {
constexpr uint32_t kNull = UINT32_MAX;
}  // namespace

size_t SummaryCounts::CodesHash::operator()(const std::vector<uint32_t>& codes) const {
  uint64_t hash = 0x9e3779b97f4a7c15;
  for (uint32_t code : codes) hash = (hash ^ code) * 0x100000001b3;
  return hash;
}

void SummaryCounts::Resolve() {
  dimension_names_.clear();
  dimensions_.clear();
  measures_.clear();
  for (const std::string& d : plan_->summary_dimensions()) {
    auto column = execution_->ColumnNamed(d);
    if (!column || column->type.id != TypeId::kString) continue;
    dimension_names_.push_back(d);
    dimensions_.push_back(column);
  }
  for (const std::string& m : plan_->summary_measures())
    measures_.push_back(execution_->ColumnNamed(m));
  codes_.resize(dimensions_.size());
}

void SummaryCounts::Rebuild(const Plan& plan, const Execution& execution, size_t rows) {
  plan_ = &plan;
  execution_ = &execution;
  Resolve();
  // The columns are new: their codes mean other values.
  cells_.clear();
  by_codes_.clear();
  cell_of_row_.assign(rows, nullptr);
  added_.assign(rows * measures_.size(), 0);
  for (size_t row = 0; row < rows; ++row) Add(row);
}

void SummaryCounts::Reserve(size_t rows) {
  cell_of_row_.reserve(rows);
  added_.reserve(rows * measures_.size());
}

SummaryCounts::Cell* SummaryCounts::CellOf(size_t row) {
  for (size_t d = 0; d < dimensions_.size(); ++d)
    codes_[d] = dimensions_[d]->IsNull(row) ? kNull : dimensions_[d]->codes[row];
  auto found = by_codes_.find(codes_);
  if (found != by_codes_.end()) return found->second;
  // Equal values under different codes (a column written in place keeps
  // its old entries) meet in the cell keyed by the values.
  std::vector<std::string> values(codes_.size());
  for (size_t d = 0; d < codes_.size(); ++d)
    values[d] = codes_[d] == kNull ? std::string(kNoneValue)
                                   : DimensionValueName(dimensions_[d]->dictionary->Get(codes_[d]));
  Cell& cell = cells_[values];
  if (cell.sums.empty()) cell.sums.assign(measures_.size(), 0);
  by_codes_.emplace(codes_, &cell);
  return &cell;
}

void SummaryCounts::Add(size_t row) {
  Cell* cell = CellOf(row);
  cell_of_row_[row] = cell;
  ++cell->accounts;
  for (size_t m = 0; m < measures_.size(); ++m) {
    const Column& measure = *measures_[m];
    const int64_t value = measure.IsNull(row) ? 0 : measure.ints[row];
    added_[row * measures_.size() + m] = value;
    cell->sums[m] += value;
  }
}

void SummaryCounts::Subtract(size_t row) {
  Cell* cell = cell_of_row_[row];
  if (!cell) return;
  --cell->accounts;
  for (size_t m = 0; m < measures_.size(); ++m) cell->sums[m] -= added_[row * measures_.size() + m];
  cell_of_row_[row] = nullptr;
}

void SummaryCounts::Recount(const std::vector<int32_t>& rows) {
  if (!plan_) return;
  Resolve();  // a create or remove may have replaced the columns
  // A family's rows lie anywhere in the columns: each is asked for some
  // rows ahead, so that the misses overlap.
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t row = rows[i];
    if (i + kPrefetchAhead < rows.size()) {
      const int32_t ahead = rows[i + kPrefetchAhead];
      for (const auto& column : dimensions_) column->Prefetch(ahead);
      for (const auto& column : measures_) column->Prefetch(ahead);
      if (static_cast<size_t>(ahead) < cell_of_row_.size()) {
        __builtin_prefetch(&cell_of_row_[ahead]);
        if (!measures_.empty()) __builtin_prefetch(&added_[ahead * measures_.size()]);
      }
    }
    if (static_cast<size_t>(row) >= cell_of_row_.size()) {
      cell_of_row_.resize(row + 1, nullptr);
      added_.resize(cell_of_row_.size() * measures_.size(), 0);
    }
    Subtract(row);
    Add(row);
  }
}

void SummaryCounts::EraseRow(int32_t row) {
  if (!plan_) return;
  Subtract(row);
  cell_of_row_.erase(cell_of_row_.begin() + row);
  const size_t width = measures_.size();
  added_.erase(added_.begin() + row * width, added_.begin() + (row + 1) * width);
}

nlohmann::ordered_json SummaryCounts::Json() const {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  uint64_t accounts = 0;
  for (const auto& [key, cell] : cells_) {
    if (cell.accounts == 0) continue;
    accounts += cell.accounts;
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t d = 0; d < key.size(); ++d) row[dimension_names_[d]] = key[d];
    row["accounts"] = cell.accounts;
    for (size_t m = 0; m < measures_.size(); ++m) {
      int scale = measures_[m]->type.Scale();
      row[plan_->summary_measures()[m]] =
          scale == 0 ? nlohmann::ordered_json(cell.sums[m])
                     : nlohmann::ordered_json(std::stod(FormatDecimal(cell.sums[m], scale)));
    }
    rows.push_back(row);
  }
  return {{"dimensions", dimension_names_},
          {"measures", plan_ ? plan_->summary_measures() : std::vector<std::string>{}},
          {"rows", rows},
          {"accounts", accounts}};
}

}  // namespace acctseg
