#include "io/file_extension.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace acctseg {

std::string LowercaseExtension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

bool NamesAnotherTableFormat(const std::string& extension) {
  static const std::set<std::string> kOtherFormats = {
      ".json", ".xlsx", ".xls",    ".xlsm", ".ods", ".parquet", ".pq",  ".arrow", ".feather",
      ".avro", ".orc",  ".sqlite", ".db",   ".gz",  ".zst",     ".bz2", ".xz",    ".zip"};
  return kOtherFormats.count(extension) > 0;
}

}  // namespace acctseg
