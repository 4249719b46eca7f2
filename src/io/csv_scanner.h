// The CSV tokenizer shared by the header and the chunk parsers, and the
// quote-aware split of a file into chunks that start at row boundaries.
//
// Grammar (RFC 4180): a field is either unquoted text without the
// delimiter, '"' or '\n', or a '"'-quoted text in which '""' stands for one
// quote and the delimiter and newlines are data. The delimiter is ',' (CSV)
// or '\t' (TSV), ';' or '|' (each quoted the same way); it is a template argument so that the
// comma path compiles to the same code as before there was a choice. A row ends at '\n' (a '\r'
// just before it is dropped) or at the end of the data. A quote inside an unquoted field and text
// after a closing quote are errors: accepting them would make the quote parity that SplitAtRows
// relies on meaningless.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace acctseg {

enum class FieldEnd : uint8_t { kNextField, kRowEnd, kError };

// The delimiters the scanner is instantiated for.
inline constexpr char kCommaDelimiter = ',';
inline constexpr char kTabDelimiter = '\t';
inline constexpr char kSemicolonDelimiter = ';';  // Excel's CSV where ',' is the decimal mark
inline constexpr char kPipeDelimiter = '|';

// Limits for hostile files (docs/testing.md): a longer value or a wider
// header is an error at its place, not a multi-gigabyte allocation.
inline constexpr size_t kMaxCsvFieldBytes = size_t{16} << 20;
inline constexpr size_t kMaxCsvColumns = 16384;
inline constexpr const char* kCsvFieldTooLong = "value longer than 16 MiB";

struct CsvField {
  std::string_view text;      // the value, quotes removed and "" unescaped
  const char* start;          // first byte of the field in the data
  const char* error_at;       // kError only: the offending byte
  const char* error_message;  // kError only: what is wrong there
};

namespace csv_internal {
// The first byte in [p, end) that is one of kBytes, or end. Fields are
// short (a few bytes), so 16 bytes are compared at once where SSE2 is there
// (every x86-64): one compare usually finds the stop.
template <char... kBytes>
inline const char* FindFirstOf(const char* p, const char* end) {
#ifdef __SSE2__
  while (end - p >= 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hits = _mm_setzero_si128();
    ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(kBytes)))), ...);
    int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && ((*p != kBytes) && ...)) ++p;
  return p;
}

// The first byte in [p, end) that ends an unquoted field, or end.
template <char kDelimiter>
inline const char* FindStop(const char* p, const char* end) {
  return FindFirstOf<kDelimiter, '\n', '"'>(p, end);
}

template <char kDelimiter>
FieldEnd ScanQuotedField(const char*& cursor, const char* end, std::string& scratch,
                         uint64_t& newlines, CsvField& field);
}  // namespace csv_internal

// Reads the field at `cursor` (< end is not required: at end it is an empty
// last field) and moves `cursor` past its delimiter. `scratch` holds the
// text of a quoted field with doubled quotes; field.text may point into it
// until the next call. `newlines` is increased by each '\n' consumed.
template <char kDelimiter>
inline FieldEnd ScanField(const char*& cursor, const char* end, std::string& scratch,
                          uint64_t& newlines, CsvField& field) {
  const char* p = cursor;
  field.start = p;
  if (p < end && *p == '"')
    return csv_internal::ScanQuotedField<kDelimiter>(cursor, end, scratch, newlines, field);
  p = csv_internal::FindStop<kDelimiter>(p, end);
  if (p == end) {
    field.text = std::string_view(cursor, p - cursor);
    cursor = p;
    return FieldEnd::kRowEnd;
  }
  char stop = *p;
  if (stop == kDelimiter) {
    field.text = std::string_view(cursor, p - cursor);
    cursor = p + 1;
    return FieldEnd::kNextField;
  }
  if (stop == '\n') {
    const char* text_end = (p > cursor && p[-1] == '\r') ? p - 1 : p;
    field.text = std::string_view(cursor, text_end - cursor);
    cursor = p + 1;
    ++newlines;
    return FieldEnd::kRowEnd;
  }
  field.error_at = p;
  field.error_message =
      "quote inside an unquoted field (quote the whole field and double the quote)";
  return FieldEnd::kError;
}

// ScanField for a delimiter known only at run time (the header and the
// sampling pass; the per-row loops are instantiated per delimiter instead).
inline FieldEnd ScanFieldWith(char delimiter, const char*& cursor, const char* end,
                              std::string& scratch, uint64_t& newlines, CsvField& field) {
  switch (delimiter) {
    case kTabDelimiter:
      return ScanField<kTabDelimiter>(cursor, end, scratch, newlines, field);
    case kSemicolonDelimiter:
      return ScanField<kSemicolonDelimiter>(cursor, end, scratch, newlines, field);
    case kPipeDelimiter:
      return ScanField<kPipeDelimiter>(cursor, end, scratch, newlines, field);
    default:
      return ScanField<kCommaDelimiter>(cursor, end, scratch, newlines, field);
  }
}

// If `cursor` is at a blank line ("\n" or "\r\n"), moves past it and returns
// true. Blank lines are not rows.
inline bool SkipBlankLine(const char*& cursor, const char* end, uint64_t& newlines) {
  const char* p = cursor;
  if (p < end && *p == '\r') ++p;
  if (p < end && *p == '\n') {
    cursor = p + 1;
    ++newlines;
    return true;
  }
  return false;
}

// What a chunk [begin, end) holds, counted before it is parsed so that the
// parser can write each row straight into its place in the final columns.
struct CsvRowCount {
  size_t rows = 0;        // rows that start in the range (blank lines are not rows)
  uint64_t newlines = 0;  // '\n' bytes in the range, quoted ones included
};

// Counts the rows of a chunk by quote parity, exactly as the chunk parser
// finds them: a row starts at `begin` and after each newline outside quotes,
// a blank line ("\n" or "\r\n") is skipped, and a row that starts before
// `end` counts even if it runs past it (only malformed quoting does that).
// On malformed input the count may differ from what the parser finds; the
// parser stops at its error first (docs/architecture.md, "CSV is parsed
// straight into the final columns").
CsvRowCount CountCsvRows(const char* data, size_t size, size_t begin, size_t end);

// Splits [begin, end) of `data` into ranges of about `chunk_bytes` that each
// start at a row start (found in parallel by quote parity). Returns the
// boundaries: first is begin, last is end, non-decreasing; chunk i is
// [result[i], result[i+1]), possibly empty.
std::vector<size_t> SplitAtRows(const char* data, size_t begin, size_t end, size_t chunk_bytes,
                                int threads);

}  // namespace acctseg
