#include "store/run_record.h"

namespace acctseg {

const Column* StoredTable::Find(const std::string& name) const {
  for (size_t i = 0; i < names.size() && i < columns.size(); ++i)
    if (names[i] == name) return columns[i].get();
  return nullptr;
}

}  // namespace acctseg
