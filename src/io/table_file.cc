#include "io/table_file.h"

#include "io/file_extension.h"
#include "io/jsonl_reader.h"

namespace acctseg {

bool IsJsonLinesPath(std::string_view path) {
  const std::string extension = LowercaseExtension(std::string(path));
  return extension == ".jsonl" || extension == ".ndjson";
}

CsvReadResult ReadTableFile(const CsvReadOptions& options) {
  return IsJsonLinesPath(options.path) ? ReadJsonLines(options) : ReadCsv(options);
}

}  // namespace acctseg
