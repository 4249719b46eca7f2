#include "io/csv_scanner.h"

#include <algorithm>
#include <cstring>

#include "common/parallel.h"

namespace acctseg {
namespace csv_internal {

template <char kDelimiter>
FieldEnd ScanQuotedField(const char*& cursor, const char* end, std::string& scratch,
                         uint64_t& newlines, CsvField& field) {
  const char* open = cursor;
  const char* text_begin = open + 1;
  const char* p = text_begin;
  bool escaped = false;  // saw a doubled quote: the text needs unescaping
  for (;;) {
    const char* quote = static_cast<const char*>(std::memchr(p, '"', end - p));
    if (quote == nullptr) {
      field.error_at = open;
      field.error_message = "unterminated quoted field (this quote is never closed)";
      return FieldEnd::kError;
    }
    newlines += std::count(p, quote, '\n');
    if (quote + 1 < end && quote[1] == '"') {
      escaped = true;
      p = quote + 2;
      continue;
    }
    p = quote;
    break;
  }
  const char* close = p;
  if (!escaped) {
    field.text = std::string_view(text_begin, close - text_begin);
  } else {
    if (static_cast<size_t>(close - text_begin) > kMaxCsvFieldBytes) {
      field.error_at = open;  // checked before unescaping into `scratch`
      field.error_message = kCsvFieldTooLong;
      return FieldEnd::kError;
    }
    scratch.clear();
    for (const char* q = text_begin; q < close; ++q) {
      scratch.push_back(*q);
      if (*q == '"') ++q;  // the second of a doubled pair
    }
    field.text = scratch;
  }
  const char* after = close + 1;
  if (after == end) {
    cursor = after;
    return FieldEnd::kRowEnd;
  }
  if (*after == kDelimiter) {
    cursor = after + 1;
    return FieldEnd::kNextField;
  }
  if (*after == '\n' || (*after == '\r' && after + 1 < end && after[1] == '\n')) {
    cursor = after + (*after == '\r' ? 2 : 1);
    ++newlines;
    return FieldEnd::kRowEnd;
  }
  // Over a line end, the quote that "closes" is most often the next field's
  // opening one and the quote missing is this field's closing one: the place
  // to name is where the field opened, lines before the text after it.
  if (std::memchr(open, '\n', close - open) != nullptr) {
    field.error_at = open;
    field.error_message =
        "this quote opens a field that runs over a line end, and text follows where it closes: "
        "is its closing quote missing?";
    return FieldEnd::kError;
  }
  field.error_at = after;
  field.error_message = "text after the closing quote of a quoted field";
  return FieldEnd::kError;
}

template FieldEnd ScanQuotedField<kCommaDelimiter>(const char*&, const char*, std::string&,
                                                   uint64_t&, CsvField&);
template FieldEnd ScanQuotedField<kTabDelimiter>(const char*&, const char*, std::string&, uint64_t&,
                                                 CsvField&);
template FieldEnd ScanQuotedField<kSemicolonDelimiter>(const char*&, const char*, std::string&,
                                                       uint64_t&, CsvField&);
template FieldEnd ScanQuotedField<kPipeDelimiter>(const char*&, const char*, std::string&,
                                                  uint64_t&, CsvField&);

}  // namespace csv_internal

namespace {

// How many bytes of [p, end) equal `byte`. GCC's vectorized std::count
// widens every match to a 64-bit lane; this adds the compare masks bytewise
// and sums them every 255 blocks, several times faster on the mapped file.
uint64_t CountByte(const char* p, const char* end, char byte) {
  uint64_t count = 0;
#ifdef __SSE2__
  const __m128i target = _mm_set1_epi8(byte);
  const __m128i zero = _mm_setzero_si128();
  while (end - p >= 16) {
    size_t blocks = std::min<size_t>(255, static_cast<size_t>(end - p) / 16);
    __m128i sums = _mm_setzero_si128();  // per byte: minus the matches so far
    for (size_t b = 0; b < blocks; ++b, p += 16) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      sums = _mm_sub_epi8(sums, _mm_cmpeq_epi8(bytes, target));
    }
    __m128i halves = _mm_sad_epu8(sums, zero);
    count += static_cast<uint64_t>(_mm_cvtsi128_si64(halves)) +
             static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(halves, halves)));
  }
#endif
  for (; p < end; ++p) count += *p == byte;
  return count;
}

}  // namespace

CsvRowCount CountCsvRows(const char* data, size_t size, size_t begin, size_t end) {
  CsvRowCount count;
  count.newlines = CountByte(data + begin, data + end, '\n');
  const char* p = data + begin;
  const char* chunk_end = data + end;
  const char* file_end = data + size;
  while (p < chunk_end) {
    // The parser's SkipBlankLine, which looks up to the end of the file.
    if (*p == '\n') {
      ++p;
      continue;
    }
    if (*p == '\r' && p + 1 < file_end && p[1] == '\n') {
      p += 2;
      continue;
    }
    ++count.rows;
    bool quoted = false;
    for (;;) {
      p = quoted ? static_cast<const char*>(std::memchr(p, '"', file_end - p))
                 : csv_internal::FindFirstOf<'\n', '"'>(p, file_end);
      if (p == nullptr || p == file_end) return count;  // the last row, or an open quote
      if (*p == '"') {
        quoted = !quoted;
        ++p;
        continue;
      }
      ++p;  // a newline outside quotes ends the row
      break;
    }
  }
  return count;
}

std::vector<size_t> SplitAtRows(const char* data, size_t begin, size_t end, size_t chunk_bytes,
                                int threads) {
  size_t bytes = end - begin;
  chunk_bytes = std::max<size_t>(chunk_bytes, 1);
  size_t chunk_count = std::max<size_t>(1, (bytes + chunk_bytes - 1) / chunk_bytes);
  std::vector<size_t> raw(chunk_count + 1);
  for (size_t i = 0; i <= chunk_count; ++i) raw[i] = begin + bytes * i / chunk_count;

  // Pass 1: quotes per raw range. In well-formed CSV a position is inside a
  // quoted field exactly when an odd number of quotes precede it.
  std::vector<uint8_t> odd_quotes(chunk_count);
  ParallelFor(chunk_count, threads, [&](size_t i) {
    odd_quotes[i] = CountByte(data + raw[i], data + raw[i + 1], '"') & 1;
  });

  // Pass 2: from each raw start, the first newline outside quotes ends a
  // row; the chunk starts just after it.
  std::vector<uint8_t> starts_quoted(chunk_count, 0);
  for (size_t i = 1; i < chunk_count; ++i)
    starts_quoted[i] = starts_quoted[i - 1] ^ odd_quotes[i - 1];
  std::vector<size_t> bounds(chunk_count + 1);
  bounds[0] = begin;
  bounds[chunk_count] = end;
  ParallelFor(chunk_count - 1, threads, [&](size_t k) {
    size_t i = k + 1;
    bool quoted = starts_quoted[i];
    size_t pos = raw[i];
    // A raw start just after a newline is already a row start.
    if (!quoted && data[pos - 1] == '\n') {
      bounds[i] = pos;
      return;
    }
    for (; pos < end; ++pos) {
      char c = data[pos];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\n' && !quoted) {
        ++pos;
        break;
      }
    }
    bounds[i] = pos;
  });
  // Only malformed quoting can make these decrease; keep them ordered so the
  // chunk parser that meets the malformed spot reports it.
  for (size_t i = 1; i <= chunk_count; ++i) bounds[i] = std::max(bounds[i], bounds[i - 1]);
  return bounds;
}

}  // namespace acctseg
