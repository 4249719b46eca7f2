#include "table/data_type.h"

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
  }
  return "?";
}

}  // namespace acctseg
