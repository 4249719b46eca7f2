#include "io/table_writer.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/csv_field.h"
#include "common/error.h"
#include "common/parallel.h"
#include "common/short_copy.h"
#include "common/signal_points.h"
#include "io/atomic_file.h"
#include "table/date_time.h"
#include "table/decimal.h"
#include "table/reason_codes.h"

namespace acctseg {
namespace {

// Rows formatted per parallel task; a few MB of text each.
constexpr size_t kRowsPerTask = 16384;

bool JsonNeedsEscape(std::string_view text) {
  for (char c : text)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
  return false;
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

// How the values of one string dictionary are written: per entry, whether
// the text needs quoting or the formula guard (CSV) or escaping (JSON), and
// the most bytes any entry takes once written. Computed once per distinct
// dictionary rather than once per row, so the guard costs the row loop
// nothing.
struct DictionaryForm {
  std::vector<uint8_t> special;
  size_t max_width = 0;
};

DictionaryForm FindDictionaryForm(const Dictionary& dictionary, OutputFormat format,
                                  bool escape_formulas, char delimiter, int threads) {
  DictionaryForm form;
  form.special.resize(dictionary.size());
  std::mutex mutex;
  // An id column's dictionary has an entry per row: split it over threads.
  ParallelRanges(form.special.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    size_t max_width = 0;
    for (size_t code = begin; code < end; ++code) {
      std::string_view text = dictionary.Get(static_cast<uint32_t>(code));
      size_t width;
      if (format == OutputFormat::kCsv) {
        form.special[code] = !CsvFieldIsPlain(text, escape_formulas, delimiter);
        width = form.special[code] ? CsvFieldSize(text, escape_formulas, delimiter) : text.size();
      } else {
        form.special[code] = JsonNeedsEscape(text);
        width = 2 + (form.special[code] ? 6 * text.size() : text.size());  // \u00XX at worst
      }
      max_width = std::max(max_width, width);
    }
    std::lock_guard<std::mutex> lock(mutex);
    form.max_width = std::max(form.max_width, max_width);
  });
  return form;
}

// One row's text of a column with a large dictionary, looked up ahead of
// the row loop (RowFormatter::GatherTexts).
struct GatheredText {
  std::string_view text;
  bool special;  // DictionaryForm::special of its entry
};

// A worker's output text: grown when a task needs more room, never
// zero-filled (a std::string would clear every byte it grows by); and its
// gathered texts, one list per large-dictionary or reasons column, with
// the words of the reasons (table/reason_codes.h) they point into, reused
// task after task.
struct TextBuffer {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
  size_t size = 0;
  std::vector<std::vector<GatheredText>> gathered;
  std::vector<std::string> words;

  char* Reserve(size_t bytes) {
    if (bytes > capacity) {
      data.reset(new char[bytes]);
      capacity = bytes;
    }
    size = 0;
    return data.get();
  }
};

// Room for any integer, decimal (sign, 19 digits, point) or "false"/"null".
constexpr size_t kNumberWidth = 24;
// Room for a date or timestamp in quotes (JSON writes them as strings).
constexpr size_t kDateTimeWidth = kDateTimeTextBytes + 2;

// Writes one column's values: the arrays and the dictionary form are looked
// up once, so the row loop only indexes and copies.
struct ColumnSink {
  TypeId type;
  int scale;
  char decimal_mark;  // CSV decimals: WriteOptions::decimal_mark
  const PackedInts* ints;
  const PackedCodes* codes;
  const NullMask* nulls;  // nullptr when the column has no NULL
  const Dictionary* dictionary;
  const DictionaryForm* form;  // strings only
  size_t max_width;
  int gathered = -1;                     // its list in TextBuffer::gathered, for a large dictionary
  const ReasonCodes* reasons = nullptr;  // a reasons column kept as codes
};

// A dictionary larger than this is read through gathered texts: its
// entries and texts (and the special flags) do not stay in cache, so each
// row's lookup would be a miss or two.
constexpr size_t kGatherAbove = size_t{1} << 16;

class RowFormatter {
 public:
  RowFormatter(OutputFormat format, const Table& table, const WriteOptions& options, int threads)
      : format_(format),
        escape_formulas_(options.escape_formulas),
        delimiter_(format == OutputFormat::kCsv ? options.delimiter : ','),
        table_(table) {
    // Once per distinct dictionary (global_id shares account_id's), each
    // on all threads.
    for (size_t c = 0; c < table.column_count(); ++c) {
      const Column& column = table.column(c);
      const Dictionary* dictionary = column.dictionary.get();
      if (column.type.id == TypeId::kString && dictionary != nullptr && !forms_.count(dictionary))
        forms_[dictionary] =
            FindDictionaryForm(*dictionary, format, escape_formulas_, delimiter_, threads);
    }
    row_width_ = 1;  // the line end; JSON adds braces below
    for (size_t c = 0; c < table.column_count(); ++c) {
      const Column& column = table.column(c);
      ColumnSink sink{column.type.id,
                      column.type.Scale(),
                      format == OutputFormat::kCsv ? options.decimal_mark : '.',
                      &column.ints,
                      &column.codes,
                      column.HasNulls() ? &column.nulls : nullptr,
                      column.dictionary.get(),
                      nullptr,
                      column.type.IsTemporal() ? kDateTimeWidth : kNumberWidth};
      auto it = forms_.find(column.dictionary.get());
      if (column.type.id == TypeId::kString && it != forms_.end()) {
        sink.form = &it->second;
        sink.max_width = it->second.max_width;
        if (column.dictionary->size() > kGatherAbove) sink.gathered = gathered_columns_++;
      } else if (column.reasons) {
        // Made into words row by row; the widest row sizes the buffer.
        // Where no piece of the words needs escaping (the usual case:
        // feature names and categories without quotes or commas), straight
        // into the row; else gathered ahead, as the texts of a large
        // dictionary are, and each row's words checked. The words'
        // separators ("; ", " = ", ": ") hold a ';' delimiter.
        const size_t widest = column.reasons->MaxTextBytes();
        sink.reasons = column.reasons.get();
        if (delimiter_ != ';' &&
            column.reasons->EveryPieceIs([&](std::string_view piece, bool leads) {
              if (format == OutputFormat::kCsv)
                return leads ? CsvFieldIsPlain(piece, escape_formulas_, delimiter_)
                             : !CsvNeedsQuotes(piece, delimiter_);
              return !JsonNeedsEscape(piece);
            })) {
          sink.max_width = widest + 2;
        } else {
          sink.max_width = format == OutputFormat::kCsv ? 2 * widest + 3 : 2 + 6 * widest;
          sink.gathered = gathered_columns_++;
        }
      }
      sinks_.push_back(sink);
      std::string key = c == 0 ? "" : ", ";
      AppendJsonString(table.name(c), key);
      key += ": ";
      row_width_ += sink.max_width + 1 + (format == OutputFormat::kJsonLines ? key.size() + 2 : 0);
      json_keys_.push_back(std::move(key));
    }
  }

  std::string Header() const {
    std::string out;
    if (format_ == OutputFormat::kCsv) {
      for (size_t c = 0; c < table_.column_count(); ++c) {
        if (c > 0) out.push_back(delimiter_);
        AppendCsvField(table_.name(c), escape_formulas_, out, delimiter_);
      }
      out.push_back('\n');
    }
    return out;
  }

  // Formats rows [begin, end) into `out`, replacing its contents. The buffer
  // is sized for the widest possible rows up front, so the loop writes
  // through a plain pointer with no capacity checks.
  void FormatRows(size_t begin, size_t end, TextBuffer& out) const {
    GatherTexts(begin, end, out);
    char* const start = out.Reserve((end - begin) * row_width_);
    char* p = start;
    bool csv = format_ == OutputFormat::kCsv;
    for (size_t row = begin; row < end; ++row) {
      if (!csv) *p++ = '{';
      char* const row_start = p;
      for (size_t c = 0; c < sinks_.size(); ++c) {
        if (csv) {
          if (c > 0) *p++ = delimiter_;
        } else {
          p = CopyShortText(json_keys_[c], p);
        }
        const ColumnSink& sink = sinks_[c];
        const bool null = sink.nulls != nullptr && (*sink.nulls)[row];
        if (sink.gathered >= 0 && !null) {
          const GatheredText& value = out.gathered[sink.gathered][row - begin];
          p = WriteText(value.text, value.special, csv, escape_formulas_, delimiter_, p);
        } else if (sink.reasons != nullptr && !null) {
          if (!csv) *p++ = '"';
          p = sink.reasons->WriteText(row, p);
          if (!csv) *p++ = '"';
        } else {
          p = WriteValue(sink, row, csv, escape_formulas_, delimiter_, p);
        }
      }
      // A row of one empty field would be an empty line, which readers
      // (ours, Python's csv) skip: the row would be lost. Quoted, it stays.
      if (csv && p == row_start) p = CopyShortText("\"\"", p);
      if (!csv) *p++ = '}';
      *p++ = '\n';
    }
    out.size = static_cast<size_t>(p - start);
  }

 private:
  // The texts of rows [begin, end) of each large-dictionary column, in a
  // loop of independent lookups: the CPU keeps many of their cache misses
  // in flight at once, where the row loop, busy formatting, waited on one
  // (perf at 10M accounts: 80% of the writer's time was the global_id
  // column's entry and text loads).
  void GatherTexts(size_t begin, size_t end, TextBuffer& out) const {
    out.gathered.resize(gathered_columns_);
    out.words.resize(gathered_columns_);
    for (const ColumnSink& sink : sinks_) {
      if (sink.gathered < 0) continue;
      std::vector<GatheredText>& texts = out.gathered[sink.gathered];
      texts.resize(end - begin);
      if (sink.reasons != nullptr) {
        WordsOfReasons(*sink.reasons, begin, end, out.words[sink.gathered], texts);
        continue;
      }
      sink.codes->Visit([&](auto codes) {
        for (size_t row = begin; row < end; ++row) {
          if (sink.nulls != nullptr && (*sink.nulls)[row]) continue;  // not written
          const uint32_t code = codes[row];
          texts[row - begin] = {sink.dictionary->Get(code), sink.form->special[code] != 0};
        }
      });
    }
  }

  // The words of rows [begin, end) of a reasons column into `words` (the
  // buffer's, kept task after task), and each row's text and whether it is
  // special into `texts`.
  void WordsOfReasons(const ReasonCodes& reasons, size_t begin, size_t end, std::string& words,
                      std::vector<GatheredText>& texts) const {
    const size_t room = (end - begin) * reasons.MaxTextBytes();
    if (words.size() < room) words.resize(room);  // zero-filled once a worker
    char* at = words.data();
    for (size_t row = begin; row < end; ++row) {
      char* const row_end = reasons.WriteText(row, at);
      const std::string_view text(at, static_cast<size_t>(row_end - at));
      texts[row - begin] = {text, format_ == OutputFormat::kCsv
                                      ? !CsvFieldIsPlain(text, escape_formulas_, delimiter_)
                                      : JsonNeedsEscape(text)};
      at = row_end;
    }
  }

  static char* WriteText(std::string_view text, bool special, bool csv, bool escape_formulas,
                         char delimiter, char* p) {
    if (!special) {
      if (!csv) *p++ = '"';
      p = CopyShortText(text, p);
      if (!csv) *p++ = '"';
      return p;
    }
    // Rare: reuse the string escapers through a small temporary.
    std::string escaped;
    if (csv)
      AppendCsvField(text, escape_formulas, escaped, delimiter);
    else
      AppendJsonString(text, escaped);
    return CopyShortText(escaped, p);
  }

  static char* WriteValue(const ColumnSink& sink, size_t row, bool csv, bool escape_formulas,
                          char delimiter, char* p) {
    if (sink.nulls != nullptr && (*sink.nulls)[row]) return csv ? p : CopyShortText("null", p);
    switch (sink.type) {
      case TypeId::kString: {
        if (sink.form == nullptr) return csv ? p : CopyShortText("null", p);
        const uint32_t code = (*sink.codes)[row];
        return WriteText(sink.dictionary->Get(code), sink.form->special[code] != 0, csv,
                         escape_formulas, delimiter, p);
      }
      case TypeId::kInt64:
        return std::to_chars(p, p + kNumberWidth, (*sink.ints)[row]).ptr;
      case TypeId::kDecimal: {
        char* const end = p + FormatDecimal((*sink.ints)[row], sink.scale, p);
        if (sink.decimal_mark != '.' && sink.scale > 0) end[-sink.scale - 1] = sink.decimal_mark;
        return end;
      }
      case TypeId::kBool:
        return CopyShortText((*sink.ints)[row] != 0 ? "true" : "false", p);
      case TypeId::kDate:
      case TypeId::kTimestamp: {
        if (!csv) *p++ = '"';
        p += sink.type == TypeId::kDate ? FormatDate((*sink.ints)[row], p)
                                        : FormatTimestamp((*sink.ints)[row], p);
        if (!csv) *p++ = '"';
        return p;
      }
      default:
        return csv ? p : CopyShortText("null", p);  // no stored values of other types
    }
  }

  OutputFormat format_;
  bool escape_formulas_;
  char delimiter_;
  const Table& table_;
  std::unordered_map<const Dictionary*, DictionaryForm> forms_;
  std::vector<ColumnSink> sinks_;
  int gathered_columns_ = 0;            // sinks with a gathered list
  std::vector<std::string> json_keys_;  // '"name": ' with separator
  size_t row_width_ = 0;                // the most bytes one row can take
};

// Lets tasks finish in any order but write in task order: task i waits for
// task i - 1 to have written. ParallelFor hands out tasks in increasing
// order, so the task waited for is always already running.
class WriteTurns {
 public:
  template <typename Write>
  void InTurn(size_t task, Write&& write) {
    std::unique_lock<std::mutex> lock(mutex_);
    turn_changed_.wait(lock, [&] { return next_ == task || failed_; });
    if (failed_) return;  // an earlier task failed; its error is reported
    lock.unlock();
    try {
      write();
    } catch (...) {
      lock.lock();
      failed_ = true;
      turn_changed_.notify_all();
      throw;
    }
    lock.lock();
    ++next_;
    turn_changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_changed_;
  size_t next_ = 0;
  bool failed_ = false;
};

}  // namespace

void WriteTable(const std::string& path, OutputFormat format, const Table& table, int threads,
                const WriteOptions& options) {
  AtomicFile file(path);
  WriteTableTo(file, format, table, threads, nullptr, options);
  file.Commit();
}

void WriteTableTo(AtomicFile& file, OutputFormat format, const Table& table, int threads,
                  const std::atomic<bool>* cancelled, const WriteOptions& options) {
  threads = std::max(threads, 1);
  const size_t row_count = table.row_count();
  RowFormatter formatter(format, table, options, threads);
  file.Write(formatter.Header());

  // Each worker formats into its own buffer and writes it when its turn
  // comes, so formatting on one thread overlaps writing on another, and the
  // memory held is one buffer per thread.
  size_t task_count = (row_count + kRowsPerTask - 1) / kRowsPerTask;
  std::vector<TextBuffer> buffers(static_cast<size_t>(threads));
  WriteTurns turns;
  ParallelForWorkers(task_count, threads, [&](size_t worker, size_t task) {
    size_t begin = task * kRowsPerTask;
    TextBuffer& buffer = buffers[worker];
    formatter.FormatRows(begin, std::min(row_count, begin + kRowsPerTask), buffer);
    turns.InTurn(task, [&] {
      SignalPoint("write");
      ThrowIfCancelled(cancelled);
      file.Write(std::string_view(buffer.data.get(), buffer.size));
    });
  });
}

}  // namespace acctseg
