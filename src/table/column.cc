#include "table/column.h"

namespace acctseg {

Column Column::Make(DataType type, size_t rows, bool nullable) {
  Column column;
  column.type = type;
  if (type.id == TypeId::kString)
    column.codes.resize(rows);
  else
    column.ints.resize(rows);
  if (nullable) column.nulls.resize(rows, 0);
  return column;
}

}  // namespace acctseg
