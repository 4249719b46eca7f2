#include "table/data_type.h"

#include <limits>

#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {

std::string DataType::ToString() const {
  switch (id) {
    case TypeId::kNull:
      return "null";
    case TypeId::kBool:
      return "boolean";
    case TypeId::kInt64:
      return "integer";
    case TypeId::kDecimal:
      return "decimal(" + std::to_string(scale) + ")";
    case TypeId::kString:
      return "string";
    case TypeId::kList:
      return "list";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
  }
  return "?";
}

std::string IntSlotText(DataType type, int64_t value) {
  if (type.id == TypeId::kDate) return FormatDate(value);
  if (type.id == TypeId::kTimestamp) return FormatTimestamp(value);
  return FormatDecimal(value, type.Scale());
}

std::string NumberRangeText(DataType type) {
  return type.ToString() + ": " + IntSlotText(type, std::numeric_limits<int64_t>::min()) + " to " +
         IntSlotText(type, std::numeric_limits<int64_t>::max());
}

}  // namespace acctseg
