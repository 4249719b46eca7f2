#include "io/csv_reader.h"

#include <fmt/format.h>
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"
#include "common/parallel.h"
#include "common/quoted_value.h"
#include "io/csv_chunk_parser.h"
#include "io/csv_dictionaries.h"
#include "io/csv_reader_internal.h"
#include "io/csv_scanner.h"
#include "io/text_source.h"
#include "io/utf8.h"

namespace acctseg {
namespace {

// Big enough to amortize a chunk's setup and dictionary merge, small enough
// that a chunk's dictionaries stay in cache and threads balance.
constexpr size_t kDefaultChunkBytes = size_t{4} << 20;
size_t chunk_bytes_for_testing = 0;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The id dictionaries' build holds this many rows' working items (24 bytes
// each) at once: half the default, since the read's peak is that build
// (~190 MB less at 100M accounts, for one more pass over the rows' hashes
// per extra wave).
constexpr size_t kIdWaveItems = Dictionary::kWaveItems / 2;

// Turns a byte offset into "file:line:column: message".
class Locator {
 public:
  // `count_characters`: columns count UTF-8 characters, not bytes (text
  // decoded from a single-byte encoding, where a character was a byte).
  Locator(const std::string& path, const char* data, size_t data_begin, bool count_characters)
      : path_(path), data_(data), data_begin_(data_begin), count_characters_(count_characters) {}

  std::string At(size_t offset, const std::string& message) const {
    const char* at = data_ + offset;
    size_t line = 1 + std::count(data_, at, '\n');
    const char* line_start = at;
    while (line_start > data_ && line_start[-1] != '\n') --line_start;
    size_t column = count_characters_ ? CharactersIn(line_start, at) + 1
                                      : static_cast<size_t>(at - line_start) + 1;
    if (line_start == data_) column -= data_begin_;  // the BOM is not a column
    return Located(path_, line, column, message);
  }

 private:
  static size_t CharactersIn(const char* begin, const char* end) {
    return static_cast<size_t>(std::count_if(
        begin, end, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }

  const std::string& path_;
  const char* data_;
  size_t data_begin_;
  bool count_characters_;
};

struct Header {
  std::vector<std::string> names;  // trimmed
  std::vector<size_t> offsets;     // field starts
  size_t end = 0;                  // first byte after the header line
  uint64_t newlines = 0;
};

// How a message names a delimiter: "tabs", "\";\"".
std::string DelimiterName(char c) { return c == '\t' ? "tabs" : std::string("\"") + c + "\""; }

// How to read a file separated by `other` instead.
std::string OtherSeparatorFix(char other, const CsvFormat& format, EncodingAdvice advice) {
  const std::string declare = CsvDelimiterDeclaration(other);
  if (advice != EncodingAdvice::kDeclare)
    return other == '\t'
               ? " (a tab-separated file is read as such when its name ends in .tsv or "
                 ".tab: rename it)"
               : " (save the file with \",\" between fields, docs/spreadsheet-exports.md)";
  // A declaration the file does not match is the one to change.
  if (format.delimiter_declared)
    return " (the policy declares " + CsvDelimiterDeclaration(format.delimiter) +
           " for it; declare " + declare +
           (other == ',' && format.decimal_mark == ',' ? " and leave out decimal_mark: \",\""
                                                       : "") +
           ", docs/spreadsheet-exports.md)";
  return std::string(other == '\t' ? " (a tab-separated file is read as such when its name ends "
                                     "in .tsv or .tab: rename it, or declare "
                                   : " (declare ") +
         declare + " on the policy's input or table" +
         (other == ';' ? ", and decimal_mark: \",\" if its numbers are written 1234,50" : "") +
         "; docs/spreadsheet-exports.md)";
}

Header ReadHeader(const char* data, size_t size, size_t begin, const CsvFormat& format,
                  EncodingAdvice advice, const Locator& locator) {
  const char delimiter = format.delimiter;
  Header header;
  const char* cursor = data + begin;
  const char* end = data + size;
  std::string scratch;
  CsvField field;
  for (;;) {
    FieldEnd stop = ScanFieldWith(delimiter, cursor, end, scratch, header.newlines, field);
    size_t scanned_end =
        static_cast<size_t>((stop == FieldEnd::kError ? field.error_at : cursor) - data);
    size_t bad = FindInvalidUtf8(data + begin, scanned_end - begin);
    if (bad != scanned_end - begin) {
      throw Error(
          ErrorKind::kInput,
          locator.At(begin + bad,
                     InvalidUtf8Message(static_cast<unsigned char>(data[begin + bad]), advice)));
    }
    if (stop == FieldEnd::kError) {
      // A header of quoted names ("id";"name") read with another
      // separator stops right after its first name.
      std::string message = field.error_message;
      const char after = field.error_at < end ? *field.error_at : '\0';
      if (after != delimiter && (after == ',' || after == ';' || after == '\t' || after == '|'))
        message += "; is the file separated by " + DelimiterName(after) + " rather than " +
                   DelimiterName(delimiter) + "?" + OtherSeparatorFix(after, format, advice);
      throw Error(ErrorKind::kInput,
                  locator.At(static_cast<size_t>(field.error_at - data), message));
    }
    if (field.text.size() > kMaxCsvFieldBytes)
      throw Error(ErrorKind::kInput,
                  locator.At(static_cast<size_t>(field.start - data), kCsvFieldTooLong));
    if (header.names.size() == kMaxCsvColumns)
      throw Error(ErrorKind::kInput,
                  locator.At(static_cast<size_t>(field.start - data),
                             fmt::format("more than {} columns in the header", kMaxCsvColumns)));
    std::string_view name = field.text;
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    header.names.emplace_back(name);
    header.offsets.push_back(static_cast<size_t>(field.start - data));
    if (stop == FieldEnd::kRowEnd) break;
  }
  header.end = static_cast<size_t>(cursor - data);
  return header;
}

// The header's names for a message, invisible characters shown ("id\u200b"
// looks like "id" on a terminal).
std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += EscapedValue(names[i].size() > kQuotedValueBytes
                               ? names[i].substr(0, kQuotedValueBytes) + "..."
                               : names[i]);
  }
  return joined;
}

// Why a header may lack a column the policy wants: the file is separated
// by another character than the one it is read with. The header's names,
// joined again, split by each other separator: where one of them finds
// `wanted`, that is the file's separator ("Umsatz, EUR" left a ';' file
// two names under ',').
std::string OtherSeparatorHint(const std::vector<std::string>& names, const std::string& wanted,
                               const CsvFormat& format, EncodingAdvice advice) {
  std::string line;
  for (size_t i = 0; i < names.size(); ++i)
    line += (i > 0 ? std::string(1, format.delimiter) : std::string()) + names[i];
  for (const char other : {',', ';', '\t', '|'}) {
    if (other == format.delimiter || line.find(other) == std::string::npos) continue;
    bool found = false;
    for (size_t start = 0; start <= line.size() && !found;) {
      size_t stop = line.find(other, start);
      if (stop == std::string::npos) stop = line.size();
      std::string_view name(line.data() + start, stop - start);
      while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.remove_prefix(1);
      while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.remove_suffix(1);
      found = name == wanted;
      start = stop + 1;
    }
    if (!found) continue;
    return (names.size() == 1 ? std::string("; the header is one column")
                              : "; the header holds " + DelimiterName(other)) +
           ": is the file separated by " + DelimiterName(other) + " rather than " +
           DelimiterName(format.delimiter) + "?" + OtherSeparatorFix(other, format, advice);
  }
  return "";
}

// Excel's "sep=;" line above the header: a hint for Excel, no header.
std::string SepLineHint(const std::vector<std::string>& names) {
  if (names.empty() || !names[0].starts_with("sep=")) return "";
  return "; the first line is Excel's \"sep=\" line, not the header: delete it";
}

// A header name that differs from the one wanted only in case (Excel and
// CRM exports capitalize): names are matched exactly, so it is not taken,
// but it is most likely what was meant.
std::string OtherCaseHint(const std::vector<std::string>& names, const std::string& wanted) {
  for (const std::string& name : names)
    if (name.size() == wanted.size() && strncasecmp(name.c_str(), wanted.c_str(), name.size()) == 0)
      return "; did you mean \"" + name + "\"? column names are case-sensitive";
  return "";
}

// One output column: where it comes from and how to parse it.
struct OutputPlan {
  std::string name;
  DataType type;
  bool empty_is_null = false;
  int field = -1;  // 0-based header field, -1 if absent
};

// Matches requested (and kept) columns to header fields.
std::vector<OutputPlan> PlanOutputs(const CsvReadOptions& options, const Header& header,
                                    const Locator& locator, std::vector<CsvFieldPlan>* fields,
                                    std::vector<std::string>* kept) {
  std::unordered_map<std::string, std::vector<size_t>> positions;
  for (size_t i = 0; i < header.names.size(); ++i) positions[header.names[i]].push_back(i);
  auto check_unique = [&](const std::vector<size_t>& where, const std::string& name) {
    if (where.size() > 1) {
      throw Error(
          ErrorKind::kInput,
          locator.At(header.offsets[where[1]],
                     fmt::format("column \"{}\" appears more than once in the header", name)));
    }
  };

  fields->assign(header.names.size(), CsvFieldPlan{});
  std::vector<OutputPlan> outputs;
  std::unordered_set<std::string> requested;
  for (const CsvColumnRequest& request : options.columns) {
    // A table holds one column per name: the caller (a policy declaring a
    // table column twice) must hear it, not get one of the two silently.
    if (!requested.insert(request.name).second)
      throw Error(ErrorKind::kUsage,
                  options.path + ": column \"" + request.name + "\" is declared twice");
    OutputPlan output{request.name, request.type, request.empty_is_null, -1};
    auto it = positions.find(request.name);
    if (it == positions.end()) {
      if (request.required) {
        throw Error(
            ErrorKind::kInput,
            Located(options.path, 1, 0,
                    fmt::format("missing column \"{}\" (the header has: {}){}{}", request.name,
                                JoinNames(header.names), OtherCaseHint(header.names, request.name),
                                SepLineHint(header.names) +
                                    OtherSeparatorHint(header.names, request.name, options.format,
                                                       options.encoding_advice))));
      }
    } else {
      check_unique(it->second, request.name);
      output.field = static_cast<int>(it->second[0]);
      CsvFieldPlan& plan = (*fields)[output.field];
      plan.output = static_cast<int>(outputs.size());
      plan.type = request.type.id;
      plan.scale = request.type.Scale();
      plan.trim = request.trim;
      plan.empty_is_null = request.empty_is_null;
      plan.not_null = request.not_null;
      plan.invalid_issue_bit = request.invalid_issue_bit;
      plan.utc_offset_minutes = request.utc_offset_minutes;
      plan.decimal_mark = options.format.decimal_mark;
      plan.column_name = request.name;
    }
    outputs.push_back(std::move(output));
  }
  if (options.keep_other_columns) {
    for (size_t i = 0; i < header.names.size(); ++i) {
      CsvFieldPlan& plan = (*fields)[i];
      if (plan.output >= 0) continue;
      // Kept columns go out by their names: a nameless one (the empty
      // cells a spreadsheet leaves after the last column) or a name twice
      // has none to go by.
      if (header.names[i].empty())
        throw Error(ErrorKind::kInput,
                    locator.At(header.offsets[i],
                               fmt::format("column {} of the header has no name (empty cells a "
                                           "spreadsheet left after the last column?): "
                                           "--keep-columns keeps every column by its name; name "
                                           "it or delete the empty columns",
                                           i + 1)));
      if (positions[header.names[i]].size() > 1)
        throw Error(ErrorKind::kInput,
                    locator.At(header.offsets[positions[header.names[i]][1]],
                               fmt::format("column \"{}\" appears more than once in the header: "
                                           "--keep-columns keeps every column by its name; "
                                           "rename one",
                                           header.names[i])));
      plan.output = static_cast<int>(outputs.size());
      plan.type = TypeId::kString;
      plan.trim = options.trim_other_columns;
      plan.column_name = header.names[i];
      outputs.push_back(
          OutputPlan{header.names[i], DataType::String(), false, static_cast<int>(i)});
      kept->push_back(header.names[i]);
    }
  }
  return outputs;
}

// A column for a requested column the file lacks: NULL, or '' for strings.
Column AbsentColumn(const OutputPlan& output, size_t rows) {
  bool is_string = output.type.id == TypeId::kString;
  bool all_null = !is_string || output.empty_is_null;
  Column column = Column::Make(output.type, rows, all_null);
  column.nulls.Fill(true);
  if (is_string) {
    auto dictionary = std::make_shared<Dictionary>();
    dictionary->Intern("");
    column.dictionary = std::move(dictionary);
  }
  return column;
}

// Points each chunk's column `output` at its first row in the column's
// stored array (`width` bytes a value), where the chunk parses or remaps.
void PointChunksAt(std::vector<CsvChunk>& chunks, size_t output, Column& column, int width,
                   const std::vector<size_t>& first_row) {
  char* stored = static_cast<char*>(column.type.id == TypeId::kString ? column.codes.MutableBytes()
                                                                      : column.ints.MutableBytes());
  for (size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].columns[output].values = stored + first_row[i] * width;
    chunks[i].columns[output].width = width;
  }
}

bool HasOverflow(const std::vector<CsvChunk>& chunks, size_t output) {
  return std::any_of(chunks.begin(), chunks.end(), [&](const CsvChunk& chunk) {
    return !chunk.columns[output].overflow.empty();
  });
}

// A chunk's codes of a low-cardinality column, from its own dictionary's to
// the merged one's (`source.remap`), in the width they are stored in (which
// holds every merged code), the kept-aside codes included.
void RemapCodes(const CsvChunkColumn& source, size_t rows) {
  const uint32_t* remap = source.remap.data();
  auto remap_as = [&]<class T>(T* codes) {
    for (size_t r = 0; r < rows; ++r) codes[r] = static_cast<T>(remap[codes[r]]);
    for (const CsvChunkColumn::Overflow& held : source.overflow)
      codes[held.row] = static_cast<T>(remap[held.value]);
  };
  switch (source.width) {
    case 1:
      return remap_as(static_cast<uint8_t*>(source.values));
    case 2:
      return remap_as(static_cast<uint16_t*>(source.values));
    default:
      return remap_as(static_cast<uint32_t*>(source.values));
  }
}

}  // namespace

namespace csv_internal {
void SetChunkBytesForTesting(size_t bytes) { chunk_bytes_for_testing = bytes; }
}  // namespace csv_internal

bool IsCsvDelimiter(char c) {
  return c == kCommaDelimiter || c == kTabDelimiter || c == kSemicolonDelimiter ||
         c == kPipeDelimiter;
}

std::string CsvDelimiterDeclaration(char delimiter) {
  return delimiter == kTabDelimiter ? std::string("delimiter: tab")
                                    : "delimiter: \"" + std::string(1, delimiter) + "\"";
}

std::optional<char> CsvDelimiterNamed(std::string_view name) {
  if (name == "tab") return kTabDelimiter;
  if (name.size() == 1 && IsCsvDelimiter(name[0])) return name[0];
  return std::nullopt;
}

CsvReadResult ReadCsv(const CsvReadOptions& options) {
  return ReadCsvText(options, TextSource::Open(options.path, options.format.encoding));
}

CsvReadResult ReadCsvText(const CsvReadOptions& options, const TextSource& file) {
  const CsvFormat& format = options.format;
  if (!IsCsvDelimiter(format.delimiter))
    throw Error(ErrorKind::kUsage, options.path + ": the delimiter must be ',', ';', '|' or a tab");
  if (format.decimal_mark != '.' && format.decimal_mark != ',')
    throw Error(ErrorKind::kUsage, options.path + ": the decimal mark must be '.' or ','");
  const char* data = file.data();
  const size_t size = file.size();
  size_t begin = 0;
  if (size >= kByteOrderMark.size() && std::memcmp(data, kByteOrderMark.data(), 3) == 0) begin = 3;
  if (begin == size) {
    throw Error(ErrorKind::kInput, options.path + ": empty file (expected a header line)");
  }
  Locator locator(options.path, data, begin, file.columns_are_characters());
  Header header = ReadHeader(data, size, begin, format, options.encoding_advice, locator);

  CsvReadResult result;
  std::vector<CsvFieldPlan> fields;
  std::vector<OutputPlan> outputs =
      PlanOutputs(options, header, locator, &fields, &result.kept_columns);

  ChooseStorage(data, size, header.end, format.delimiter, &fields);

  const int threads = std::max(options.threads, 1);
  size_t chunk_bytes = chunk_bytes_for_testing ? chunk_bytes_for_testing : kDefaultChunkBytes;
  std::vector<size_t> bounds = SplitAtRows(data, header.end, size, chunk_bytes, threads);
  std::vector<CsvChunk> chunks(bounds.size() - 1);
  ParallelFor(chunks.size(), threads, [&](size_t i) {
    chunks[i].begin = bounds[i];
    chunks[i].end = bounds[i + 1];
    CsvRowCount count = CountCsvRows(data, size, bounds[i], bounds[i + 1]);
    chunks[i].expected_rows = count.rows;
    chunks[i].newlines = count.newlines;
    // Counted pages would stay resident until their chunk is parsed: the
    // whole file at once (10 GB at 100M accounts). The parse maps them
    // again from the page cache.
    file.ReleasePages(chunks[i].begin, chunks[i].end);
  });
  std::vector<size_t> first_row(chunks.size() + 1, 0);
  uint64_t line = 1 + header.newlines;
  for (size_t i = 0; i < chunks.size(); ++i) {
    first_row[i + 1] = first_row[i] + chunks[i].expected_rows;
    chunks[i].first_line = line;
    line += chunks[i].newlines;
  }
  const size_t rows = first_row.back();

  // The final columns, which every chunk parses its rows straight into, in
  // the width the sample chose (every column 8 or 4 bytes wide at once was
  // the read's peak). Allocated side by side: zeroing fresh pages is most
  // of their cost (the kernel's first touch), and one thread per array
  // spreads it.
  std::vector<Column> columns(outputs.size());
  std::vector<int> widths(outputs.size(), 0);
  for (size_t o = 0; o < outputs.size(); ++o)
    if (outputs[o].field >= 0) widths[o] = fields[outputs[o].field].parse_width;
  ParallelFor(outputs.size(), threads, [&](size_t o) {
    if (outputs[o].field < 0) return;
    columns[o].type = outputs[o].type;
    if (outputs[o].type.id == TypeId::kString)
      columns[o].codes = PackedCodes::Zeros(widths[o], rows);
    else
      columns[o].ints = PackedInts::Zeros(widths[o], rows);
  });
  for (CsvChunk& chunk : chunks) chunk.columns.resize(outputs.size());
  for (size_t o = 0; o < outputs.size(); ++o)
    if (outputs[o].field >= 0) PointChunksAt(chunks, o, columns[o], widths[o], first_row);

  // A parsed chunk keeps no view into the file (see csv_chunk_parser.h), so
  // its pages can leave this process's memory at once.
  ParallelFor(chunks.size(), threads, [&](size_t i) {
    ParseCsvChunk(data, size, format.delimiter, options.encoding_advice, fields, &chunks[i]);
    file.ReleasePages(chunks[i].begin, chunks[i].end);
  });

  // Chunks hold disjoint byte ranges, so the smallest offset is the first
  // error in the file.
  const CsvChunk* failed = nullptr;
  for (const CsvChunk& chunk : chunks)
    if (chunk.error_offset != static_cast<size_t>(-1) &&
        (!failed || chunk.error_offset < failed->error_offset))
      failed = &chunk;
  if (failed)
    throw Error(ErrorKind::kInput, locator.At(failed->error_offset, failed->error_message));
  for (const CsvChunk& chunk : chunks) result.row_lines.Append(chunk.row_lines);

  // NULLs were noted sparsely: a column gets its null mask only if it has one.
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (outputs[o].field < 0) continue;
    bool nullable = false;
    for (const CsvChunk& chunk : chunks) nullable |= !chunk.columns[o].null_rows.empty();
    if (nullable) columns[o].nulls.assign(rows, false);
  }
  // Numbers are stored in the width their values need before the id
  // dictionaries are built, whose working memory is the read's peak; the
  // few that did not fit the parse's width are put in first.
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (outputs[o].field < 0 || outputs[o].type.id == TypeId::kString) continue;
    if (HasOverflow(chunks, o)) {
      int64_t* wide = columns[o].ints.Wide();
      for (size_t i = 0; i < chunks.size(); ++i)
        for (const CsvChunkColumn::Overflow& held : chunks[i].columns[o].overflow)
          wide[first_row[i] + held.row] = held.value;
    }
    columns[o].ints.Narrow(threads);
  }

  // The low-cardinality strings first: their chunk dictionaries merged side
  // by side, their codes remapped chunk by chunk, then narrowed (a column of
  // twenty industries takes a byte a row).
  std::vector<size_t> small_outputs, big_outputs;
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (outputs[o].field < 0 || outputs[o].type.id != TypeId::kString) continue;
    (fields[outputs[o].field].high_cardinality ? big_outputs : small_outputs).push_back(o);
  }
  ParallelFor(small_outputs.size(), threads, [&](size_t k) {
    columns[small_outputs[k]].dictionary = MergeChunkDictionaries(chunks, small_outputs[k]);
  });
  // A column whose merged codes (or a chunk's kept-aside ones) do not fit
  // the parse's width is widened first; the remap then rewrites the chunk
  // codes in place.
  for (size_t o : small_outputs) {
    const size_t entries = columns[o].dictionary->size();
    const uint32_t largest = entries == 0 ? 0 : static_cast<uint32_t>(entries - 1);
    int width = std::max(widths[o], PackedCodes::WidthFor(0, largest));
    if (HasOverflow(chunks, o)) width = 4;
    if (width == widths[o]) continue;
    columns[o].codes.ConvertTo(width, threads);
    widths[o] = width;
    PointChunksAt(chunks, o, columns[o], width, first_row);
  }
  ParallelFor(chunks.size(), threads, [&](size_t i) {
    for (size_t o : small_outputs) {
      CsvChunkColumn& source = chunks[i].columns[o];
      RemapCodes(source, chunks[i].rows);
      source.remap = std::vector<uint32_t>();
    }
  });
  for (size_t o : small_outputs) columns[o].codes.Narrow(threads);

  // A high-cardinality column is built with all threads, one at a time (its
  // build is memory-bound), the fewest distinct values first: a parent id
  // column's dictionary is a fifth of the account id's, and built first it
  // frees its rows' texts before the largest build begins (the read's peak).
  std::stable_sort(big_outputs.begin(), big_outputs.end(), [&](size_t a, size_t b) {
    return fields[outputs[a].field].sampled_distinct < fields[outputs[b].field].sampled_distinct;
  });
  for (size_t o : big_outputs) {
    std::vector<Dictionary::TextRun> runs;
    for (const CsvChunk& chunk : chunks) {
      const CsvChunkColumn& source = chunk.columns[o];
      runs.push_back({nullptr, source.hashes.data(), source.hashes.size(), source.text_bytes.data(),
                      source.text_ends.data()});
    }
    columns[o].dictionary =
        Dictionary::BuildInRowOrder(runs, threads, columns[o].codes.Wide(), kIdWaveItems);
    // The texts are in the dictionary now: free them before the next build,
    // which then reuses their pages instead of fresh ones.
    ParallelFor(chunks.size(), threads, [&](size_t i) {
      CsvChunkColumn& source = chunks[i].columns[o];
      source.text_bytes = std::string();
      source.text_ends = std::vector<uint32_t>();
      source.hashes = std::vector<uint64_t>();
    });
    columns[o].codes.Narrow(threads);
  }

  // The invalid values' rows, in chunk order (before the chunks are freed).
  for (size_t i = 0; i < chunks.size(); ++i)
    for (size_t o = 0; o < options.columns.size(); ++o)
      for (uint32_t r : chunks[i].columns[o].invalid_rows) {
        if (result.invalid_rows.empty()) result.invalid_rows.resize(options.columns.size());
        result.invalid_rows[o].push_back(first_row[i] + r);
      }
  // Set the chunks' NULLs and row issues, one chunk per task.
  bool any_issues = false;
  for (const CsvChunk& chunk : chunks) any_issues |= !chunk.row_issues.empty();
  if (any_issues) result.row_issues.assign(rows, 0);
  ParallelFor(chunks.size(), threads, [&](size_t i) {
    CsvChunk& chunk = chunks[i];
    size_t offset = first_row[i];
    if (!chunk.row_issues.empty())
      std::copy(chunk.row_issues.begin(), chunk.row_issues.end(),
                result.row_issues.begin() + offset);
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (outputs[o].field < 0) continue;
      CsvChunkColumn& source = chunk.columns[o];
      for (uint32_t r : source.null_rows) columns[o].nulls.Set(offset + r, true);
      source = CsvChunkColumn();  // release chunk memory as we go
    }
  });

  result.table = Table(rows);
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (outputs[o].field < 0) columns[o] = AbsentColumn(outputs[o], rows);
    result.table.Add(outputs[o].name, std::make_shared<const Column>(std::move(columns[o])));
  }
  for (size_t o = 0; o < options.columns.size(); ++o)
    result.field_index.push_back(static_cast<size_t>(outputs[o].field + 1));
  result.file_bytes = file.source_bytes();
  return result;
}

}  // namespace acctseg
