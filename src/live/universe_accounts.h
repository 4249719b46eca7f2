// The accounts input of a live universe, as its own mutable columns: the
// declared input columns in declaration order, each row an account. Events
// change it in place; the plan reads it as if it had been read from a file
// (AsReadResult). Row order is the order a batch run over the written file
// sees: a removed account disappears, a created one is appended.
// Not thread-safe: the universe's exclusive lock guards every change.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.h"
#include "live/universe_cell.h"
#include "plan/plan.h"

namespace acctseg {

// Room for `rows` rows in a column's values and, when it has one, its NULL
// mask: growing to them then copies nothing. With `dictionary` (the
// column's, writable) one of many entries (an id's, a name's, 64k or more:
// each new row may add one) gets room for as many more entries as rows.
void ReserveColumnRows(Column& column, size_t rows, Dictionary* dictionary = nullptr);

class LiveAccounts {
 public:
  // Deep copies of the accounts input as read. `input` must declare a key.
  LiveAccounts(const PlanInput& input, const CsvReadResult& read);

  size_t row_count() const { return row_count_; }
  const PlanInput& input() const { return input_; }
  // Index of the declared input column `name`, or nullopt.
  std::optional<size_t> ColumnIndex(std::string_view name) const;
  const Column& column(size_t index) const { return *columns_[index]; }
  std::shared_ptr<const Column> shared_column(size_t index) const { return columns_[index]; }
  size_t key_index() const { return key_index_; }
  // The row of the account whose key is `id`.
  std::optional<size_t> RowOf(std::string_view id) const;
  // RowOf of each of `ids` (-1: none), the key lookups overlapping: at a
  // million accounts each is a chain of cache misses.
  std::vector<int64_t> RowsOf(const std::vector<std::string_view>& ids) const;
  std::string_view IdAt(size_t row) const { return columns_[key_index_]->StringAt(row); }
  // Each row's line in the file read; kCreatedLine for an account an event created.
  const RowLines& row_lines() const { return row_lines_; }
  static constexpr uint64_t kCreatedLine = RowLines::kNoLine;
  // Whether an event has set a value of the row: its line no longer holds
  // what the row does. Marked by the apply once the event has taken (Set is
  // also how a refused event's values are put back).
  bool ChangedByEvents(size_t row) const { return changed_by_events_[row]; }
  void SetChangedByEvents(size_t row, bool changed) { changed_by_events_[row] = changed; }
  const std::vector<uint64_t>& read_issues() const { return read_issues_; }

  void Set(size_t row, size_t column, const LiveCell& cell);
  // Appends an account (cells: one per column, in order) on kCreatedLine:
  // no line of the file holds it (a made-up line after the last one named
  // a line the file does not have).
  void Append(const std::vector<LiveCell>& cells);
  void Erase(size_t row);
  // Room for `rows` accounts in every per-row array, so that appending up
  // to them copies nothing.
  void Reserve(size_t rows);

  // The columns as a reader's result, sharing them (valid until the next change).
  std::shared_ptr<const CsvReadResult> AsReadResult() const;
  // The columns as they are now, as copies that later changes do not touch
  // (their dictionaries frozen: Dictionary::Frozen), for another thread to
  // read while events go on: what an automatic snapshot writes. Events wait
  // while it copies: into fresh memory that took ~100 ms at 1M accounts,
  // nearly all page faults (the server maps blocks over 1 MB on their own,
  // allocator_setup.h), so the copies go into the previous call's memory
  // (~3 ms; bench/README.md, "Snapshot captures into the previous
  // capture's memory") once nothing holds that any more. Whoever let it go
  // must have synchronized with the caller (the server joins its snapshot
  // writer first). Though const, not for two threads at once.
  Table Frozen() const;

 private:
  PlanInput input_;
  size_t row_count_ = 0;
  size_t key_index_ = 0;
  std::vector<std::shared_ptr<Column>> columns_;
  std::vector<std::shared_ptr<Dictionary>> dictionaries_;  // per column, null for non-strings
  RowLines row_lines_;
  std::vector<uint64_t> read_issues_;     // per row; invalid values of the file read
  std::vector<bool> changed_by_events_;   // per row
  std::vector<int64_t> row_of_key_code_;  // key dictionary code -> row, -1 none
  // Frozen's copies, per column, kept for the next call to copy into:
  // storage only, never read as accounts.
  struct FrozenCopy {
    std::shared_ptr<Column> column;
    std::shared_ptr<Dictionary> dictionary;  // null for non-strings
  };
  mutable std::vector<FrozenCopy> frozen_copies_;
};

// A mutable copy of `column`: its own dictionary (same codes), so new
// strings can be interned; `dictionary` receives it (null for non-strings).
std::shared_ptr<Column> MutableCopy(const Column& column, std::shared_ptr<Dictionary>* dictionary);

}  // namespace acctseg
