#include "cache/cached_read.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "cache/cache_key.h"
#include "common/error.h"
#include "common/fresh_memory.h"
#include "common/parallel.h"
#include "io/atomic_file.h"
#include "io/mapped_file.h"
#include "store/content_hash.h"

namespace acctseg {
namespace {

constexpr std::string_view kMagic = "ACCTSEGC";
constexpr size_t kAlign = 64;  // sections start here: aligned arrays, whole cache lines
constexpr uint64_t kNoDictionary = UINT64_MAX;
// Dictionaries are rebuilt in runs of this many entries, so that their
// parallel phases have work to share.
constexpr size_t kDictionaryRun = size_t{1} << 16;

size_t AlignUp(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

// An entry that is not what it should be: LoadCachedRead turns it into its
// `problem`.
[[noreturn]] void Malformed(const std::string& what) { throw Error(ErrorKind::kIo, what); }
void Need(bool condition, const char* what) {
  if (!condition) Malformed(what);
}

// The header's fields, in the machine's byte order: an entry is read back
// only where it was written (a cache, not an interchange format).
class HeaderWriter {
 public:
  void Number(uint64_t value) { bytes_.append(reinterpret_cast<const char*>(&value), 8); }
  void Text(std::string_view text) {
    Number(text.size());
    bytes_.append(text);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class HeaderReader {
 public:
  explicit HeaderReader(std::string_view bytes) : rest_(bytes) {}
  uint64_t Number() {
    Need(rest_.size() >= 8, "the header is cut short");
    uint64_t value;
    std::memcpy(&value, rest_.data(), 8);
    rest_.remove_prefix(8);
    return value;
  }
  std::string_view Text() {
    uint64_t size = Number();
    Need(size <= rest_.size(), "the header is cut short");
    std::string_view text = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return text;
  }
  // A count of things each at least `unit` bytes long in what is left:
  // a corrupt count cannot make the loader allocate without bound.
  size_t Count(size_t unit) {
    uint64_t count = Number();
    Need(count <= rest_.size() / unit, "a count in the header is out of range");
    return static_cast<size_t>(count);
  }

 private:
  std::string_view rest_;
};

bool IsZeros(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == 0; });
}

template <typename T>
std::string_view BytesOf(std::span<const T> values) {
  return {reinterpret_cast<const char*>(values.data()), values.size_bytes()};
}
template <typename T>
std::string_view BytesOf(const std::vector<T>& values) {
  return BytesOf(std::span<const T>(values));
}

// Sections start 64-byte aligned in a page-aligned mapping, so they are
// read as arrays of T in place.
template <typename T>
std::span<const T> SectionValues(std::string_view bytes) {
  Need(bytes.size() % sizeof(T) == 0, "a section's length is not a whole number of values");
  return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
}

// A section's values copied once (assign does not zero first).
template <typename T>
void CopySection(std::string_view bytes, std::vector<T>& out) {
  const std::span<const T> values = SectionValues<T>(bytes);
  out.assign(values.begin(), values.end());
}

// A dictionary's entries in code order: their end offsets and their bytes.
struct DictionarySections {
  std::vector<uint64_t> ends;
  std::string bytes;
};

DictionarySections FlattenDictionary(const Dictionary& dictionary) {
  DictionarySections out;
  out.ends.reserve(dictionary.size());
  for (uint32_t code = 0; code < dictionary.size(); ++code) {
    out.bytes.append(dictionary.Get(code));
    out.ends.push_back(out.bytes.size());
  }
  return out;
}

// The dictionary whose entries, in code order, `ends` and `bytes` hold. The
// entries of a dictionary are distinct, so building it "in row order" gives
// each its own position as code, and the bulk builder does it on all threads.
std::shared_ptr<const Dictionary> RebuildDictionary(std::string_view ends_bytes,
                                                    std::string_view bytes, int threads) {
  // Read in place (sections are aligned in the mapping), and handed to the
  // builder as runs of packed text with 4-byte ends rather than a 16-byte
  // view an entry: for an id column of ten million entries that is ~200 MB
  // of fresh memory less, each page of which costs a zeroing.
  const std::span<const uint64_t> ends = SectionValues<uint64_t>(ends_bytes);
  const size_t count = ends.size();
  const size_t run_count = (count + kDictionaryRun - 1) / kDictionaryRun;
  // Written in full by the loop below, on every thread (common/fresh_memory.h),
  // or the read is refused before they are read.
  UnwrittenVector<uint32_t> run_ends(count);
  UnwrittenVector<uint64_t> hashes(count);
  std::vector<Dictionary::TextRun> runs(run_count);
  std::vector<uint8_t> well_formed(run_count, 1);
  ParallelFor(run_count, threads, [&](size_t r) {
    const size_t first = r * kDictionaryRun, last = std::min(count, first + kDictionaryRun);
    const uint64_t begin = first == 0 ? 0 : ends[first - 1];
    // A run's text must be within the section and its ends fit 4 bytes.
    if (begin > bytes.size() || ends[last - 1] > bytes.size() ||
        ends[last - 1] - begin > UINT32_MAX) {
      well_formed[r] = 0;
      return;
    }
    const char* text = bytes.data() + begin;
    uint64_t at = begin;
    for (size_t i = first; i < last; ++i) {
      // Bounded by the run's last end (checked against the section above)
      // before the text is hashed: a decrease further on is caught only
      // when the loop gets there.
      if (ends[i] < at || ends[i] > ends[last - 1]) {
        well_formed[r] = 0;
        return;
      }
      hashes[i] = Dictionary::Hash(std::string_view(bytes.data() + at, ends[i] - at));
      run_ends[i] = static_cast<uint32_t>(ends[i] - begin);
      at = ends[i];
    }
    runs[r] = {nullptr, hashes.data() + first, last - first, text, run_ends.data() + first};
  });
  Need(std::all_of(well_formed.begin(), well_formed.end(), [](uint8_t ok) { return ok != 0; }),
       "a dictionary entry is out of range");
  Need((count == 0 ? 0 : ends[count - 1]) == bytes.size(),
       "a dictionary's text has bytes no entry uses");
  if (count == 0) return std::make_shared<Dictionary>();
  UnwrittenVector<uint32_t> codes(count);  // the builder writes every row's
  std::shared_ptr<Dictionary> dictionary = Dictionary::BuildInRowOrder(runs, threads, codes.data());
  Need(dictionary->size() == count, "a dictionary repeats an entry");
  return dictionary;
}

// What the header says of one column; its sections follow in this order:
// ints, codes, NULL flags and, with a dictionary, its ends and bytes.
struct ColumnFacts {
  std::string name;
  DataType type;
  uint64_t dictionary_size = kNoDictionary;
  int int_width = 8;   // bytes a stored integer, 0 for bits (table/packed_array.h)
  int code_width = 4;  // bytes a stored string code
};

// CsvReadResult::invalid_rows as one array: each requested column's count
// of rows, then those rows; empty when it is.
std::vector<uint64_t> FlattenInvalidRows(const std::vector<std::vector<uint64_t>>& per_column) {
  std::vector<uint64_t> flat;
  for (const std::vector<uint64_t>& rows : per_column) {
    flat.push_back(rows.size());
    flat.insert(flat.end(), rows.begin(), rows.end());
  }
  return flat;
}

std::vector<std::vector<uint64_t>> UnflattenInvalidRows(const std::vector<uint64_t>& flat,
                                                        size_t columns, size_t row_count) {
  std::vector<std::vector<uint64_t>> per_column;
  if (flat.empty()) return per_column;
  per_column.resize(columns);
  size_t at = 0;
  for (std::vector<uint64_t>& rows : per_column) {
    Need(at < flat.size() && flat[at] <= flat.size() - at - 1,
         "the invalid values' rows do not match the columns");
    rows.assign(flat.begin() + at + 1, flat.begin() + at + 1 + flat[at]);
    at += 1 + rows.size();
    for (size_t i = 0; i < rows.size(); ++i)
      Need(rows[i] < row_count && (i == 0 || rows[i - 1] < rows[i]),
           "an invalid value's row is out of order or past the rows");
  }
  Need(at == flat.size(), "the invalid values' rows do not match the columns");
  return per_column;
}

struct Section {
  uint64_t offset, size;
  std::string_view hash;
};

}  // namespace

bool WriteCachedRead(const std::string& path, const std::string& key_text,
                     const CsvReadResult& result, uint64_t max_bytes) {
  const Table& table = result.table;
  HeaderWriter header;
  header.Number(kInputCacheFormatVersion);
  header.Text(key_text);
  header.Number(table.row_count());
  header.Number(result.file_bytes);
  header.Number(result.kept_columns.size());
  for (const std::string& name : result.kept_columns) header.Text(name);
  header.Number(result.field_index.size());
  for (size_t index : result.field_index) header.Number(index);

  std::vector<std::string_view> sections;
  std::vector<DictionarySections> dictionaries(table.column_count());
  header.Number(table.column_count());
  for (size_t i = 0; i < table.column_count(); ++i) {
    const Column& column = table.column(i);
    header.Text(table.name(i));
    header.Number(static_cast<uint64_t>(column.type.id));
    header.Number(static_cast<uint64_t>(column.type.scale));
    header.Number(column.dictionary ? column.dictionary->size() : kNoDictionary);
    header.Number(static_cast<uint64_t>(column.ints.width()));
    header.Number(static_cast<uint64_t>(column.codes.width()));
    sections.push_back(column.ints.StoredBytes());
    sections.push_back(column.codes.StoredBytes());
    sections.push_back(BytesOf(column.nulls.words()));
    if (column.dictionary) {
      dictionaries[i] = FlattenDictionary(*column.dictionary);
      sections.push_back(BytesOf(dictionaries[i].ends));
      sections.push_back(dictionaries[i].bytes);
    }
  }
  sections.push_back(BytesOf(result.row_lines.runs()));
  sections.push_back(BytesOf(result.row_issues));
  const std::vector<uint64_t> invalid_rows = FlattenInvalidRows(result.invalid_rows);
  sections.push_back(BytesOf(invalid_rows));
  uint64_t section_bytes = 0;
  for (std::string_view section : sections) section_bytes += AlignUp(section.size());
  if (section_bytes > max_bytes) return false;

  std::vector<std::string> hashes(sections.size());
  ParallelFor(sections.size(), HardwareThreads(),
              [&](size_t s) { hashes[s] = HashString(sections[s]); });
  header.Number(sections.size());
  uint64_t offset = 0;
  for (size_t s = 0; s < sections.size(); ++s) {
    header.Number(offset);
    header.Number(sections[s].size());
    header.Text(hashes[s]);
    offset = AlignUp(offset + sections[s].size());
  }

  HeaderWriter preamble;
  preamble.Number(header.bytes().size());
  HeaderWriter checksum;
  checksum.Text(HashString(header.bytes()));
  const size_t data_start =
      AlignUp(kMagic.size() + 8 + header.bytes().size() + checksum.bytes().size());
  const std::string padding(kAlign, '\0');

  AtomicFile file(path, AtomicFile::Caching::kPageCache, AtomicFile::Target::kOwnEntry);
  file.Write(kMagic);
  file.Write(preamble.bytes());
  file.Write(header.bytes());
  file.Write(checksum.bytes());
  size_t written = kMagic.size() + 8 + header.bytes().size() + checksum.bytes().size();
  file.Write(std::string_view(padding).substr(0, data_start - written));
  for (std::string_view section : sections) {
    file.Write(section);
    file.Write(std::string_view(padding).substr(0, AlignUp(section.size()) - section.size()));
  }
  file.Commit();
  return true;
}

namespace {

CsvReadResult Decode(const MappedFile& file, const std::string& key_text, int threads) {
  threads = std::max(threads, 1);
  const std::string_view all(file.data(), file.size());
  Need(all.size() >= kMagic.size() + 8 && all.substr(0, kMagic.size()) == kMagic,
       "not an acctseg cache entry");
  HeaderReader preamble(all.substr(kMagic.size(), 8));
  const uint64_t header_size = preamble.Number();
  const size_t header_start = kMagic.size() + 8;
  Need(header_size <= all.size() - header_start, "the file is truncated");
  const std::string_view header_bytes = all.substr(header_start, header_size);
  HeaderReader checksum(all.substr(header_start + header_size));
  const std::string_view header_hash = checksum.Text();
  Need(header_hash == HashString(header_bytes), "the header's checksum does not match");
  const size_t data_start = AlignUp(header_start + header_size + 8 + header_hash.size());
  Need(data_start <= all.size(), "the file is truncated");
  const std::string_view data = all.substr(data_start);

  HeaderReader header(header_bytes);
  Need(header.Number() == kInputCacheFormatVersion, "written by another version of acctseg");
  Need(header.Text() == key_text, "made for another read");
  CsvReadResult result;
  const size_t row_count = header.Number();
  result.file_bytes = header.Number();
  for (size_t n = header.Count(8); n > 0; --n) result.kept_columns.emplace_back(header.Text());
  for (size_t n = header.Count(8); n > 0; --n) result.field_index.push_back(header.Number());
  std::vector<ColumnFacts> columns(header.Count(32));
  for (ColumnFacts& column : columns) {
    column.name = header.Text();
    const uint64_t type_id = header.Number();
    Need(type_id <= static_cast<uint64_t>(TypeId::kTimestamp), "a column's type is unknown");
    column.type.id = static_cast<TypeId>(type_id);
    column.type.scale = static_cast<int>(header.Number());
    column.dictionary_size = header.Number();
    const uint64_t width = header.Number();
    Need(width == PackedInts::kBitWidth || width == 1 || width == 2 || width == 4 || width == 8,
         "an integer width is not 0 (bits), 1, 2, 4 or 8");
    column.int_width = static_cast<int>(width);
    const uint64_t code_width = header.Number();
    Need(code_width == 1 || code_width == 2 || code_width == 4,
         "a string code width is not 1, 2 or 4");
    column.code_width = static_cast<int>(code_width);
  }
  // The sections lie end to end, each padded with zeros to kAlign, and
  // nothing follows the last: every byte of the file is checked.
  std::vector<Section> sections(header.Count(24));
  uint64_t expected_offset = 0;
  for (Section& section : sections) {
    section.offset = header.Number();
    section.size = header.Number();
    section.hash = header.Text();
    Need(section.offset == expected_offset, "a section is out of place");
    Need(section.offset <= data.size() && section.size <= data.size() - section.offset,
         "the file is truncated");
    expected_offset = AlignUp(section.offset + section.size);
    Need(expected_offset <= data.size(), "the file is truncated");
    Need(IsZeros(data.substr(section.offset + section.size,
                             expected_offset - section.offset - section.size)),
         "a section's padding is not zeros");
  }
  Need(expected_offset == data.size(), "the file has bytes after its last section");
  Need(IsZeros(all.substr(header_start + header_size + 8 + header_hash.size(),
                          data_start - (header_start + header_size + 8 + header_hash.size()))),
       "the header's padding is not zeros");
  std::vector<char> intact(sections.size());
  ParallelFor(sections.size(), threads, [&](size_t s) {
    intact[s] = HashString(data.substr(sections[s].offset, sections[s].size)) == sections[s].hash;
  });
  for (char ok : intact) Need(ok, "a section's checksum does not match");

  size_t next = 0;
  auto section = [&]() {
    Need(next < sections.size(), "the header lists too few sections");
    const Section& s = sections[next++];
    return data.substr(s.offset, s.size);
  };
  result.table = Table(row_count);
  for (const ColumnFacts& facts : columns) {
    auto column = std::make_shared<Column>();
    column->type = facts.type;
    std::string_view ints = section();
    if (facts.int_width == PackedInts::kBitWidth) {
      Need(ints.size() == BitVector::WordsFor(row_count) * sizeof(uint64_t),
           "a column of bits' length differs from the rows'");
      column->ints = PackedInts::FromStoredBits(row_count, ints);
    } else {
      Need(ints.size() % facts.int_width == 0,
           "a section's length is not a whole number of values");
      column->ints = PackedInts::FromStoredBytes(facts.int_width, ints);
    }
    std::string_view codes = section();
    Need(codes.size() % facts.code_width == 0,
         "a section's length is not a whole number of values");
    column->codes = PackedCodes::FromStoredBytes(facts.code_width, codes);
    std::vector<uint64_t> null_words;
    CopySection(section(), null_words);
    Need(null_words.empty() || null_words.size() == NullMask::WordsFor(row_count),
         "a NULL mask's length differs from the rows'");
    if (!null_words.empty()) column->nulls = NullMask::FromWords(row_count, std::move(null_words));
    if (facts.dictionary_size != kNoDictionary) {
      std::string_view ends = section();
      column->dictionary = RebuildDictionary(ends, section(), threads);
      Need(column->dictionary->size() == facts.dictionary_size, "a dictionary's size differs");
      uint32_t largest = 0;
      column->codes.Visit([&](auto stored) {
        for (uint32_t code : stored) largest = std::max(largest, code);
      });
      Need(column->codes.empty() || largest < column->dictionary->size(),
           "a string code is outside its dictionary");
    }
    Need(facts.type.id != TypeId::kString || column->dictionary,
         "a string column has no dictionary");
    result.table.Add(facts.name, std::move(column));  // checks every length
  }
  std::vector<RowLines::Run> line_runs;
  CopySection(section(), line_runs);
  try {
    result.row_lines = RowLines::FromRuns(std::move(line_runs), row_count);
  } catch (const std::invalid_argument&) {
    Malformed("the row lines do not match the rows");
  }
  CopySection(section(), result.row_issues);
  Need(result.row_issues.empty() || result.row_issues.size() == row_count,
       "the row issues do not match the rows");
  std::vector<uint64_t> invalid_rows;
  CopySection(section(), invalid_rows);
  result.invalid_rows = UnflattenInvalidRows(invalid_rows, result.field_index.size(), row_count);
  Need(next == sections.size(), "the header lists sections no column uses");
  return result;
}

}  // namespace

std::optional<CsvReadResult> LoadCachedRead(const std::string& path, const std::string& key_text,
                                            int threads, std::string& problem) {
  problem.clear();
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0) return std::nullopt;  // not cached yet
  // A link, FIFO or device in the cache's place is never read through (a
  // FIFO would block the run); the entry written next replaces it.
  if (!S_ISREG(info.st_mode)) {
    problem = "not a regular file: a link, pipe or device is never read or written through";
    return std::nullopt;
  }
  try {
    MappedFile file(path);
    return Decode(file, key_text, threads);
  } catch (const Error& e) {
    problem = e.what();
    return std::nullopt;
  }
}

}  // namespace acctseg
