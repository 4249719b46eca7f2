#include "io/table_writer.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "common/parallel.h"
#include "io/atomic_file.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// Rows formatted per parallel task; a few MB of text each.
constexpr size_t kRowsPerTask = 16384;

bool CsvNeedsQuotes(std::string_view text) {
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

bool JsonNeedsEscape(std::string_view text) {
  for (char c : text)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
  return false;
}

void AppendCsvQuoted(std::string_view text, std::string& out) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvText(std::string_view text, std::string& out) {
  if (CsvNeedsQuotes(text))
    AppendCsvQuoted(text, out);
  else
    out.append(text);
}

void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    } else {
      out.push_back(c);  // UTF-8 passes through unchanged
    }
  }
  out.push_back('"');
}

// Per dictionary entry: does the text need quoting (CSV) or escaping (JSON)?
// Computed once per distinct dictionary rather than once per row.
using SpecialEntries = std::vector<uint8_t>;

SpecialEntries FindSpecialEntries(const Dictionary& dictionary, OutputFormat format) {
  SpecialEntries special(dictionary.size());
  for (uint32_t code = 0; code < special.size(); ++code) {
    std::string_view text = dictionary.Get(code);
    special[code] = format == OutputFormat::kCsv ? CsvNeedsQuotes(text) : JsonNeedsEscape(text);
  }
  return special;
}

class RowFormatter {
 public:
  RowFormatter(OutputFormat format, const std::vector<OutputColumn>& columns, int threads)
      : format_(format), columns_(columns), special_(columns.size(), nullptr) {
    std::vector<const Dictionary*> dictionaries;
    for (const OutputColumn& column : columns) {
      const Dictionary* dictionary = column.column->dictionary.get();
      if (column.column->type.id == TypeId::kString && dictionary != nullptr &&
          !by_dictionary_.count(dictionary)) {
        by_dictionary_[dictionary];
        dictionaries.push_back(dictionary);
      }
    }
    ParallelFor(dictionaries.size(), threads, [&](size_t i) {
      by_dictionary_.at(dictionaries[i]) = FindSpecialEntries(*dictionaries[i], format);
    });
    for (size_t c = 0; c < columns.size(); ++c) {
      auto it = by_dictionary_.find(columns[c].column->dictionary.get());
      if (columns[c].column->type.id == TypeId::kString && it != by_dictionary_.end())
        special_[c] = &it->second;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string key = c == 0 ? "" : ", ";
      AppendJsonString(columns[c].name, key);
      key += ": ";
      json_keys_.push_back(std::move(key));
    }
  }

  std::string Header() const {
    std::string out;
    if (format_ == OutputFormat::kCsv) {
      for (size_t c = 0; c < columns_.size(); ++c) {
        if (c > 0) out.push_back(',');
        AppendCsvText(columns_[c].name, out);
      }
      out.push_back('\n');
    }
    return out;
  }

  void FormatRows(size_t begin, size_t end, std::string& out) const {
    out.reserve((end - begin) * columns_.size() * 12);
    for (size_t row = begin; row < end; ++row) {
      if (format_ == OutputFormat::kJsonLines) out.push_back('{');
      for (size_t c = 0; c < columns_.size(); ++c) {
        if (format_ == OutputFormat::kCsv) {
          if (c > 0) out.push_back(',');
        } else {
          out.append(json_keys_[c]);
        }
        AppendValue(c, row, out);
      }
      if (format_ == OutputFormat::kJsonLines) out.push_back('}');
      out.push_back('\n');
    }
  }

 private:
  void AppendValue(size_t c, size_t row, std::string& out) const {
    const Column& column = *columns_[c].column;
    bool csv = format_ == OutputFormat::kCsv;
    if (column.IsNull(row)) {
      if (!csv) out.append("null");
      return;
    }
    char digits[32];
    switch (column.type.id) {
      case TypeId::kString: {
        uint32_t code = column.codes[row];
        std::string_view text = column.dictionary->Get(code);
        bool special = (*special_[c])[code];
        if (csv) {
          if (special)
            AppendCsvQuoted(text, out);
          else
            out.append(text);
        } else if (special) {
          AppendJsonString(text, out);
        } else {
          out.push_back('"');
          out.append(text);
          out.push_back('"');
        }
        return;
      }
      case TypeId::kInt64: {
        auto result = std::to_chars(digits, digits + sizeof(digits), column.ints[row]);
        out.append(digits, result.ptr);
        return;
      }
      case TypeId::kDecimal:
        out.append(digits, FormatDecimal(column.ints[row], column.type.scale, digits));
        return;
      case TypeId::kBool:
        out.append(column.ints[row] != 0 ? "true" : "false");
        return;
      default:
        if (!csv) out.append("null");  // no stored values of other types
        return;
    }
  }

  OutputFormat format_;
  const std::vector<OutputColumn>& columns_;
  std::unordered_map<const Dictionary*, SpecialEntries> by_dictionary_;
  std::vector<const SpecialEntries*> special_;  // per column; strings only
  std::vector<std::string> json_keys_;          // '"name": ' with separator
};

}  // namespace

void WriteTable(const std::string& path, OutputFormat format,
                const std::vector<OutputColumn>& columns, size_t row_count, int threads) {
  threads = std::max(threads, 1);
  AtomicFile file(path);
  RowFormatter formatter(format, columns, threads);
  file.Write(formatter.Header());

  // Format a wave of tasks in parallel, then write them in row order; a wave
  // bounds the memory held to a few buffers per thread.
  size_t task_count = (row_count + kRowsPerTask - 1) / kRowsPerTask;
  size_t wave = static_cast<size_t>(threads) * 2;
  std::vector<std::string> buffers(std::min(wave, task_count));
  for (size_t first = 0; first < task_count; first += wave) {
    size_t tasks = std::min(wave, task_count - first);
    ParallelFor(tasks, threads, [&](size_t i) {
      size_t begin = (first + i) * kRowsPerTask;
      buffers[i].clear();
      formatter.FormatRows(begin, std::min(row_count, begin + kRowsPerTask), buffers[i]);
    });
    for (size_t i = 0; i < tasks; ++i) file.Write(buffers[i]);
  }
  file.Commit();
}

}  // namespace acctseg
