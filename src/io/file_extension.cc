#include "io/file_extension.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/ascii_case.h"

namespace acctseg {

std::string LowercaseExtension(const std::string& path) {
  return AsciiLower(std::filesystem::path(path).extension().string());
}

bool NamesAnotherTableFormat(const std::string& extension) {
  static const std::set<std::string> kOtherFormats = {
      ".json", ".xlsx", ".xls",    ".xlsm", ".ods", ".parquet", ".pq",  ".arrow", ".feather",
      ".avro", ".orc",  ".sqlite", ".db",   ".gz",  ".zst",     ".bz2", ".xz",    ".zip"};
  return kOtherFormats.count(extension) > 0;
}

}  // namespace acctseg
