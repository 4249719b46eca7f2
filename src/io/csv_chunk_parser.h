// Parses the rows of one chunk of a CSV file into chunk-local columns, the
// unit of parallel work of ReadCsv. Each chunk has its own dictionaries
// (Dictionary is not thread-safe); csv_reader.cc merges them afterwards.
// A chunk parser never throws for bad input: it records the first error of
// its chunk, by byte offset, so the reader can report the earliest in file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/utf8.h"
#include "table/data_type.h"
#include "table/dictionary.h"
#include "table/row_lines.h"

namespace acctseg {

// What to do with one field of the file (by position in the row).
struct CsvFieldPlan {
  int output = -1;  // index into the chunk's columns; -1 skips the field
  TypeId type = TypeId::kString;
  int scale = 0;
  bool trim = true;
  bool empty_is_null = false;
  bool not_null = false;
  int invalid_issue_bit = -1;
  // Timestamps written without an offset are in this zone (minutes east of
  // UTC); none: such a timestamp is invalid.
  std::optional<int> utc_offset_minutes = std::nullopt;
  // Decimals: '.' or ',' before the fraction (CsvFormat::decimal_mark).
  char decimal_mark = '.';
  // Strings with mostly distinct values skip the chunk dictionary: the chunk
  // keeps each row's text and hash, and the reader builds one dictionary
  // for all chunks (see csv_dictionaries.h).
  bool high_cardinality = false;
  size_t sampled_distinct = 0;  // distinct values among the rows sampled to choose
  // Bytes a value as the parse writes it (integers 1/2/4/8, codes 1/2/4),
  // chosen from the sample with room to spare; a value that does not fit
  // goes to the chunk column's `overflow` instead.
  int parse_width = 8;
  std::string column_name;  // for messages
};

// The values of one output column within one chunk. Values go straight
// into the final column (the reader counted every chunk's rows first and
// points `ints` or `codes` at the chunk's first row there); only what needs
// every chunk before it can be finished stays here.
struct CsvChunkColumn {
  // The chunk's first row in the column's stored array, `width` bytes a
  // value: integers, or codes into `dictionary` (remapped later).
  void* values = nullptr;
  int width = 8;
  // Rows whose value did not fit `width` (rare: the width was chosen with
  // room to spare), ascending; the reader widens the column for them.
  struct Overflow {
    uint32_t row;
    int64_t value;
  };
  std::vector<Overflow> overflow;
  // High-cardinality strings: each row's text, copied out of the file end
  // to end (so the reader can release the chunk's pages as soon as it is
  // parsed), where it ends, and its Dictionary::Hash.
  std::string text_bytes;
  std::vector<uint32_t> text_ends;
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> null_rows;     // chunk rows that are NULL, ascending
  std::vector<uint32_t> invalid_rows;  // of those, rows whose value did not parse
  std::unique_ptr<Dictionary> dictionary;
  std::vector<uint32_t> remap;  // chunk code -> merged code (set by the reader)
};

struct CsvChunk {
  size_t begin = 0;  // byte offsets of the chunk in the file
  size_t end = 0;
  size_t expected_rows = 0;  // counted by CountCsvRows; the room in the targets
  size_t rows = 0;           // parsed
  std::vector<CsvChunkColumn> columns;
  RowLines row_lines;                // each row's physical line (the chunk's rows from 0)
  uint64_t first_line = 0;           // the line the chunk starts on
  uint64_t newlines = 0;             // newlines in the whole chunk
  std::vector<uint64_t> row_issues;  // empty, or one word per row
  // The first error of the chunk; error_offset == npos when none.
  size_t error_offset = static_cast<size_t>(-1);
  std::string error_message;
};

// The typing rules of one text value, shared with the JSON Lines reader.
// Strips leading and trailing ' ' and '\t'.
std::string_view Trim(std::string_view text);
// The value of non-empty `text` as `plan`'s non-string type, or nullopt.
std::optional<int64_t> ParseFieldValue(const CsvFieldPlan& plan, std::string_view text);
// "invalid integer \"x\" in column \"c\" (expected ...)" and the like.
// `json`: the value is a JSON Lines string, whose numbers have no
// decimal mark to declare.
std::string InvalidValueMessage(const CsvFieldPlan& plan, std::string_view text, bool json = false);

// Parses the rows that start in [chunk->begin, chunk->end) of `data` (a row
// may run past end only in malformed input) into the targets the reader set
// in `chunk` (room for chunk->expected_rows rows; more or fewer rows without
// an error earlier is reported as an error, never written out of bounds).
// `fields` has one plan per header field; `delimiter` is kCommaDelimiter or
// kTabDelimiter (io/csv_scanner.h); `advice` goes in a message about
// invalid UTF-8.
void ParseCsvChunk(const char* data, size_t size, char delimiter, EncodingAdvice advice,
                   const std::vector<CsvFieldPlan>& fields, CsvChunk* chunk);

}  // namespace acctseg
