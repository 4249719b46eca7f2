// Taking the plan's columns out of a finished table. Text columns become
// dense codes once, so the plan groups by small integers, not strings.
#include <cmath>
#include <unordered_map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "coverage/capacity.h"
#include "table/decimal.h"

namespace acctseg::coverage {
namespace {

const Column& Require(const Table& table, const std::string& name, const char* what) {
  if (const Column* column = table.Find(name)) return *column;
  throw Error(ErrorKind::kUsage, std::string("the ") + what + " column \"" + name +
                                     "\" is not in the run's output" +
                                     DidYouMean(name, table.names()));
}

// Any column as text codes: a string column by its dictionary, any other
// by the text of its value (an integer region code reads as "12").
Categorical ReadCategorical(const Column& column) {
  Categorical result;
  result.codes.resize(column.size(), -1);
  if (column.type.id == TypeId::kString) {
    std::vector<int32_t> dense(column.dictionary->size(), -1);
    for (size_t row = 0; row < column.size(); ++row) {
      if (column.IsNull(row)) continue;
      int32_t& code = dense[column.codes[row]];
      if (code < 0) {
        code = static_cast<int32_t>(result.names.size());
        result.names.emplace_back(column.StringAt(row));
      }
      result.codes[row] = code;
    }
    return result;
  }
  std::unordered_map<int64_t, int32_t> dense;
  for (size_t row = 0; row < column.size(); ++row) {
    if (column.IsNull(row)) continue;
    auto [it, added] = dense.emplace(column.ints[row], static_cast<int32_t>(result.names.size()));
    if (added) result.names.push_back(IntSlotText(column.type, column.ints[row]));
    result.codes[row] = it->second;
  }
  return result;
}

std::vector<double> ReadNumbers(const Column& column, const std::string& name) {
  if (!column.type.IsNumeric() && column.type.id != TypeId::kBool)
    throw Error(ErrorKind::kUsage, "the column \"" + name + "\" is " + column.type.ToString() +
                                       ", a number was expected");
  double unit = 1.0 / static_cast<double>(Pow10(column.type.Scale()));
  std::vector<double> values(column.size(), 0.0);
  for (size_t row = 0; row < column.size(); ++row)
    if (!column.IsNull(row)) values[row] = static_cast<double>(column.ints[row]) * unit;
  return values;
}

std::vector<bool> NullRows(const Column& column) {
  std::vector<bool> nulls(column.size(), false);
  for (size_t row = 0; row < column.size(); ++row) nulls[row] = column.IsNull(row);
  return nulls;
}

// Reads a number column into `values` (NULL as 0) and `nulls`.
void ReadMeasure(const Table& table, const std::string& name, const char* what,
                 std::vector<double>& values, std::vector<bool>& nulls) {
  const Column& column = Require(table, name, what);
  values = ReadNumbers(column, name);
  nulls = NullRows(column);
}

}  // namespace

CapacityAccounts ReadCapacityAccounts(const Table& table, const CapacityColumns& columns) {
  CapacityAccounts accounts;
  accounts.role = ReadCategorical(Require(table, columns.role, "role"));
  accounts.region = ReadCategorical(Require(table, columns.region, "region"));
  accounts.tier = ReadCategorical(Require(table, columns.tier, "tier"));
  ReadMeasure(table, columns.hours, "workload hours", accounts.hours, accounts.hours_null);
  ReadMeasure(table, columns.potential, "potential", accounts.potential, accounts.potential_null);
  ReadMeasure(table, columns.whitespace, "whitespace", accounts.whitespace,
              accounts.whitespace_null);
  ReadMeasure(table, columns.arr, "ARR", accounts.arr, accounts.arr_null);
  accounts.ids.reserve(table.row_count());
  if (columns.account.empty()) {
    for (size_t row = 0; row < table.row_count(); ++row)
      accounts.ids.push_back("row " + std::to_string(row + 1));
  } else {
    Categorical ids = ReadCategorical(Require(table, columns.account, "account"));
    for (int32_t code : ids.codes) accounts.ids.push_back(code < 0 ? "" : ids.names[code]);
  }
  return accounts;
}

}  // namespace acctseg::coverage
