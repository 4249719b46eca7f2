#include "table/column.h"

namespace acctseg {

void Column::Narrow(int threads) {
  if (type.id == TypeId::kString)
    codes.Narrow(threads);
  else
    ints.Narrow(threads);
}

Column Column::Make(DataType type, size_t rows, bool nullable) {
  Column column;
  column.type = type;
  if (type.id == TypeId::kString)
    column.codes.resize(rows);
  else
    column.ints.resize(rows);
  if (nullable) column.nulls.assign(rows, false);
  return column;
}

}  // namespace acctseg
