#include "table/column.h"

#include "table/reason_codes.h"

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

Column Column::OfReasons(std::shared_ptr<const ReasonCodes> reasons) {
  Column column;
  column.type = DataType::String();
  column.reasons = std::move(reasons);
  return column;
}

size_t Column::ReasonRows() const { return reasons->rows(); }

}  // namespace acctseg
