#include "expr/type_rules.h"

#include <algorithm>

namespace acctseg {

std::optional<DataType> CommonType(DataType a, DataType b) {
  if (a.id == TypeId::kNull) return b;
  if (b.id == TypeId::kNull) return a;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.id == TypeId::kInt64 && b.id == TypeId::kInt64) return DataType::Int64();
    return DataType::Decimal(std::max(a.Scale(), b.Scale()));
  }
  if (a.id == b.id) return a;
  return std::nullopt;
}

std::optional<TypeError> ExpectType(DataType found, size_t offset, TypeId wanted,
                                    const std::string& where) {
  if (found.id == wanted || found.id == TypeId::kNull) return std::nullopt;
  return TypeError{offset, where + " expects a " + DataType{wanted, 0}.ToString() + ", found " +
                               found.ToString()};
}

std::optional<TypeError> ExpectNumber(DataType found, size_t offset, const std::string& where) {
  if (found.IsNumeric() || found.id == TypeId::kNull) return std::nullopt;
  return TypeError{offset, where + " expects a number, found " + found.ToString()};
}

std::optional<TypeError> MeetComparable(DataType* common, DataType next, size_t offset,
                                        const std::string& where) {
  auto met = CommonType(*common, next);
  if (!met || met->id == TypeId::kList)
    return TypeError{offset,
                     where + ": cannot mix " + common->ToString() + " and " + next.ToString()};
  *common = *met;
  return std::nullopt;
}

}  // namespace acctseg
