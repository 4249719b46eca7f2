#include "live/universe_accounts.h"

#include <algorithm>

#include "common/error.h"
#include "live/row_ids.h"

namespace acctseg {

std::shared_ptr<Column> MutableCopy(const Column& column, std::shared_ptr<Dictionary>* dictionary) {
  auto copy = std::make_shared<Column>(column);
  if (column.type.id == TypeId::kString) {
    // Interning the entries in code order gives every entry its old code.
    auto own = std::make_shared<Dictionary>();
    own->Reserve(column.dictionary->size());
    for (size_t code = 0; code < column.dictionary->size(); ++code)
      own->Intern(column.dictionary->Get(static_cast<uint32_t>(code)));
    copy->dictionary = own;
    if (dictionary) *dictionary = own;
  } else if (dictionary) {
    *dictionary = nullptr;
  }
  return copy;
}

LiveAccounts::LiveAccounts(const PlanInput& input, const CsvReadResult& read)
    : input_(input), row_count_(read.table.row_count()), row_lines_(read.row_lines) {
  if (input.key_column.empty())
    throw Error(ErrorKind::kUsage, input.location.ToString() + ": input \"" + input.name +
                                       "\" declares no key; live updates name accounts by key");
  for (size_t i = 0; i < input.columns.size(); ++i) {
    dictionaries_.emplace_back();
    columns_.push_back(MutableCopy(*read.table.Get(input.columns[i].name), &dictionaries_.back()));
    if (input.columns[i].name == input.key_column) key_index_ = i;
  }
  if (columns_[key_index_]->type.id != TypeId::kString)
    throw Error(ErrorKind::kUsage, input.location.ToString() + ": the key of input \"" +
                                       input.name + "\" must be a string for live updates");
  read_issues_ = read.row_issues.empty() ? std::vector<uint64_t>(row_count_, 0) : read.row_issues;
  changed_by_events_.assign(row_count_, false);
  const Column& keys = *columns_[key_index_];
  row_of_key_code_.assign(keys.dictionary->size(), -1);
  for (size_t row = 0; row < row_count_; ++row)
    row_of_key_code_[keys.codes[row]] = static_cast<int64_t>(row);
}

std::optional<size_t> LiveAccounts::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < input_.columns.size(); ++i)
    if (input_.columns[i].name == name) return i;
  return std::nullopt;
}

std::optional<size_t> LiveAccounts::RowOf(std::string_view id) const {
  auto code = columns_[key_index_]->dictionary->Find(id);
  if (!code || *code >= row_of_key_code_.size() || row_of_key_code_[*code] < 0) return std::nullopt;
  return static_cast<size_t>(row_of_key_code_[*code]);
}

std::vector<int64_t> LiveAccounts::RowsOf(const std::vector<std::string_view>& ids) const {
  std::vector<uint32_t> codes(ids.size());
  columns_[key_index_]->dictionary->FindMany(ids.data(), ids.size(), codes.data());
  std::vector<int64_t> rows(ids.size(), -1);
  for (size_t i = 0; i < ids.size(); ++i)
    if (codes[i] < row_of_key_code_.size()) rows[i] = row_of_key_code_[codes[i]];
  return rows;
}

void LiveAccounts::Set(size_t row, size_t index, const LiveCell& cell) {
  Column& column = *columns_[index];
  // A value set by an event is valid: the file's invalid value is gone.
  if (int bit = input_.columns[index].invalid_issue_bit; bit >= 0)
    read_issues_[row] &= ~(uint64_t{1} << bit);
  if (cell.null && column.nulls.empty()) column.nulls.assign(row_count_, false);
  if (!column.nulls.empty()) column.nulls.Set(row, cell.null);
  if (column.type.id == TypeId::kString) {
    column.codes.Set(row, cell.null ? 0 : dictionaries_[index]->Intern(cell.text));
    if (cell.null && dictionaries_[index]->size() == 0) dictionaries_[index]->Intern("");
  } else {
    column.ints.Set(row, cell.null ? 0 : cell.number);
  }
}

void LiveAccounts::Append(const std::vector<LiveCell>& cells) {
  ++row_count_;
  read_issues_.push_back(0);
  changed_by_events_.push_back(true);
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column& column = *columns_[i];
    if (column.type.id == TypeId::kString)
      column.codes.push_back(0);
    else
      column.ints.push_back(0);
    if (!column.nulls.empty()) column.nulls.push_back(false);
    Set(row_count_ - 1, i, cells[i]);
  }
  row_lines_.push_back(kCreatedLine);
  const Column& keys = *columns_[key_index_];
  row_of_key_code_.resize(keys.dictionary->size(), -1);
  row_of_key_code_[keys.codes[keys.codes.size() - 1]] = static_cast<int64_t>(row_count_ - 1);
}

void ReserveColumnRows(Column& column, size_t rows, Dictionary* dictionary) {
  constexpr size_t kManyEntries = size_t{1} << 16;
  const size_t more = rows > column.size() ? rows - column.size() : 0;
  if (column.type.id == TypeId::kString)
    column.codes.reserve(rows);
  else
    column.ints.reserve(rows);
  if (!column.nulls.empty()) column.nulls.reserve(rows);
  if (dictionary && dictionary->size() >= kManyEntries)
    dictionary->ReserveEntries(dictionary->size() + more);
}

void LiveAccounts::Reserve(size_t rows) {
  read_issues_.reserve(rows);
  changed_by_events_.reserve(rows);
  row_of_key_code_.reserve(rows);
  for (size_t i = 0; i < columns_.size(); ++i)
    ReserveColumnRows(*columns_[i], rows, dictionaries_[i].get());
}

void LiveAccounts::Erase(size_t row) {
  for (const auto& column : columns_) {
    if (column->type.id == TypeId::kString)
      column->codes.Erase(row);
    else
      column->ints.Erase(row);
    if (!column->nulls.empty()) column->nulls.Erase(row);
  }
  row_lines_.erase(row);
  read_issues_.erase(read_issues_.begin() + row);
  changed_by_events_.erase(changed_by_events_.begin() + static_cast<std::ptrdiff_t>(row));
  --row_count_;
  // Its key names no row now, and the rows after it move up one: one pass
  // over the map in order (a write per later row at its key's code was a
  // cache miss each).
  RenumberAfterErase(row_of_key_code_, static_cast<int64_t>(row));
}

namespace {

// The column with a dictionary of only the values its rows hold. The family
// step reads a parent found in the id dictionary as an account: the ids of
// removed accounts must not be there.
std::shared_ptr<const Column> Compacted(const Column& column) {
  auto compact = std::make_shared<Column>();
  compact->type = column.type;
  compact->nulls = column.nulls;
  compact->codes.resize(column.codes.size());
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t row = 0; row < column.codes.size(); ++row)
    compact->codes.Set(row, dictionary->Intern(column.StringAt(row)));
  if (dictionary->size() == 0) dictionary->Intern("");
  compact->dictionary = dictionary;
  return compact;
}

}  // namespace

std::shared_ptr<const CsvReadResult> LiveAccounts::AsReadResult() const {
  auto read = std::make_shared<CsvReadResult>();
  read->table = Table(row_count_);
  for (size_t i = 0; i < columns_.size(); ++i)
    read->table.Add(input_.columns[i].name, i == key_index_ && dictionaries_[i]->size() > row_count_
                                                ? Compacted(*columns_[i])
                                                : columns_[i]);
  read->row_lines = row_lines_;
  if (std::any_of(read_issues_.begin(), read_issues_.end(), [](uint64_t m) { return m != 0; }))
    read->row_issues = read_issues_;
  return read;
}

Table LiveAccounts::Frozen() const {
  // The id column is written as it is: the ids of removed accounts that its
  // dictionary still holds are in no row, so they are not in the file.
  Table table(row_count_);
  frozen_copies_.resize(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    FrozenCopy& copy = frozen_copies_[i];
    // Still held (a capture being written): that one is left alone.
    if (!copy.column || copy.column.use_count() > 1) copy.column = std::make_shared<Column>();
    *copy.column = *columns_[i];  // vectors copy-assigned keep their capacity
    if (copy.column->dictionary) {
      // The column no longer holds the previous frozen dictionary: a count
      // of one means nothing else does.
      if (!copy.dictionary || copy.dictionary.use_count() > 1)
        copy.dictionary = std::make_shared<Dictionary>();
      Dictionary::FreezeInto(copy.column->dictionary, *copy.dictionary);
      copy.column->dictionary = copy.dictionary;
    }
    table.Add(input_.columns[i].name, copy.column);
  }
  return table;
}

}  // namespace acctseg
