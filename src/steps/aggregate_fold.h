// Folding a related input's rows onto accounts: the table aggregates of an
// aggregate step (COUNT_IF, SUM, MAX, FIRST, LIST_DISTINCT, ...) computed in
// one parallel pass over the related rows. Each worker folds its batches
// into its own per-account accumulators (no locks, no per-row allocation);
// the workers' accumulators are then merged account range by account range.
// Memory: at most 8 workers, each up to 25 bytes per account and aggregate.
// Results do not depend on the number of threads: sums are exact integers,
// FIRST/LAST break ties by row number, distinct values are sorted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "expr/bound_expr.h"

namespace acctseg {

enum class FoldOp {
  kCount,
  kCountIf,
  kSum,
  kMin,
  kMax,
  kAverage,
  kCountDistinct,
  kAny,
  kAll,
  kFirst,
  kLast,
  kListDistinct
};

// An account whose fold does not fit its result's type: a SUM beyond
// ±9.2e18 units, an AVG beyond the range of its scale. row() is the
// account's row, spec() the index of the aggregate in Fold's `specs`.
// Decided on the exact total, so whatever the threads and the row order.
class FoldRangeError : public RowError {
 public:
  FoldRangeError(size_t spec, size_t account, std::string problem)
      : RowError(account, std::move(problem)), spec_(spec) {}
  size_t spec() const { return spec_; }

 private:
  size_t spec_;
};

// The fold of a registered table aggregate ("SUM_IF" folds like SUM with a
// condition); false if `name` is not one.
bool FoldOpNamed(std::string_view name, FoldOp* op);

// One table aggregate: what it folds and what it gives.
struct FoldSpec {
  FoldOp op;
  DataType result;
  const BoundExpr* value = nullptr;      // x; COUNT() has none
  const BoundExpr* condition = nullptr;  // COUNT_IF's c, the _IF forms', ANY's, ALL's
  const BoundExpr* order = nullptr;      // FIRST/LAST's `by`
  std::string separator;                 // LIST_DISTINCT's
  // What a row error evaluating its arguments is placed at (RowError::
  // where): the aggregate column it serves.
  std::string label;
};

// The account row of each related row: by dictionary code for string keys,
// by row for integer keys; -1 where none (or a NULL key).
struct AccountOfRow {
  const Column* key = nullptr;
  std::vector<int32_t> by_code;
  std::vector<int32_t> by_row;
  // The code of '' in a text key: an empty key is no key, even where a
  // step made it ('' from UPPER(account_id)) rather than the reader
  // (docs/policy-language.md §3.7).
  std::optional<uint32_t> empty_code;

  // Whether the row has no key at all (rather than one no account has).
  bool NoKey(size_t row) const {
    return key->IsNull(row) || (empty_code && key->codes[row] == *empty_code);
  }

  int32_t operator()(size_t row) const {
    if (key->IsNull(row)) return -1;  // by_code maps the empty code to -1
    return by_row.empty() ? by_code[key->codes[row]] : by_row[row];
  }
  // Starts loading what operator()(row) will read: by_code is indexed at
  // random (one entry per distinct key, 40 MB at 10M keys), so without this
  // every row waits for a cache miss.
  void Prefetch(size_t row) const {
    if (!by_row.empty()) return;
    const uint32_t code = key->codes[row];  // a NULL row's code may be anything
    if (code < by_code.size()) __builtin_prefetch(&by_code[code]);
  }
};

// Maps the related rows' `key` column onto the accounts' `account_key`
// column (same type, unique values): parallel, one probe per distinct key.
AccountOfRow MapRowsToAccounts(const Column& key, const Column& account_key, int threads);

struct FoldResult {
  std::vector<std::shared_ptr<const Column>> columns;  // one per spec, over the accounts
  uint64_t rows_folded = 0;                            // matched an account and passed `where`
  uint64_t rows_unmatched = 0;                         // a key no account has
  uint64_t rows_without_key = 0;                       // a NULL key
  std::vector<size_t> unmatched_examples;              // the first few unmatched rows, in row order
};

// Folds every row of `rows` that `where` (nullable) keeps onto accounts
// [0, accounts). Throws RowError (row of `rows`) when a sum overflows.
FoldResult Fold(const std::vector<FoldSpec>& specs, const BoundExpr* where, RunData& rows,
                const AccountOfRow& account_of, size_t accounts);

}  // namespace acctseg
