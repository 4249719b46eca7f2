#include "event_source.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace acctseg::serve_bench {
namespace {

// Splits one CSV record (RFC 4180; no newline inside quotes in the files
// the generators write) into its fields.
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

std::vector<IntColumn> ParseIntColumns(const std::string& spec) {
  std::vector<IntColumn> columns;
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ',')) {
    size_t first = item.find(':'), second = item.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos)
      throw std::invalid_argument(fmt::format("--set: expected NAME:MIN:MAX, got \"{}\"", item));
    IntColumn column{item.substr(0, first), std::stoll(item.substr(first + 1, second - first - 1)),
                     std::stoll(item.substr(second + 1))};
    if (column.name.empty() || column.min > column.max)
      throw std::invalid_argument(fmt::format("--set: bad column range \"{}\"", item));
    columns.push_back(column);
  }
  if (columns.empty()) throw std::invalid_argument("--set: no column");
  return columns;
}

std::vector<std::string> ReadColumn(const std::string& path, const std::string& column) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = SplitCsvLine(line);
  size_t index = 0;
  while (index < header.size() && header[index] != column) ++index;
  if (index == header.size())
    throw std::runtime_error(fmt::format("{}: no column \"{}\" in the header", path, column));
  std::vector<std::string> values;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    if (index < fields.size() && !fields[index].empty()) values.push_back(fields[index]);
  }
  if (values.empty()) throw std::runtime_error(fmt::format("{}: no rows", path));
  return values;
}

EventSource::EventSource(const std::vector<std::string>& account_ids,
                         const std::vector<IntColumn>& columns, uint64_t seed)
    : account_ids_(account_ids), columns_(columns), rng_(seed) {}

std::string EventSource::Next() {
  const std::string& id =
      account_ids_[std::uniform_int_distribution<size_t>(0, account_ids_.size() - 1)(rng_)];
  const IntColumn& column =
      columns_[std::uniform_int_distribution<size_t>(0, columns_.size() - 1)(rng_)];
  int64_t value = std::uniform_int_distribution<int64_t>(column.min, column.max)(rng_);
  return fmt::format(R"({{"account_id":{},"set":{{{}:{}}}}})", nlohmann::json(id).dump(),
                     nlohmann::json(column.name).dump(), value);
}

std::string EventSource::NextBatch(size_t count) {
  std::string lines;
  for (size_t i = 0; i < count; ++i) {
    lines += Next();
    lines += '\n';
  }
  return lines;
}

}  // namespace acctseg::serve_bench
