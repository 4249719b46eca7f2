#include "io/table_file.h"

#include <cctype>

#include "io/jsonl_reader.h"

namespace acctseg {
namespace {

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  text.remove_prefix(text.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != suffix[i]) return false;
  return true;
}

}  // namespace

bool IsJsonLinesPath(std::string_view path) {
  return EndsWithIgnoreCase(path, ".jsonl") || EndsWithIgnoreCase(path, ".ndjson");
}

CsvReadResult ReadTableFile(const CsvReadOptions& options) {
  return IsJsonLinesPath(options.path) ? ReadJsonLines(options) : ReadCsv(options);
}

}  // namespace acctseg
