// Finding likely duplicate rows, apart from any policy: the engine of the
// dedupe step (docs/data-quality.md, "Dedupe").
//
// Two rows are linked when they share a domain, or when their names are
// equal or similar (Jaro-Winkler >= a threshold) within the same country.
// Names are blocked, not compared all against all: the distinct
// (country, name) pairs are sorted by bytes and each is compared with the
// next `window` names of its country (sorted neighbourhood). Linked rows
// form clusters (the connected components); each cluster's survivor is
// its first row by the survivor order, ties going to the earliest row.
//
// The work is O(n log n) for the sort plus O(distinct names x window)
// comparisons. The result does not depend on the number of threads: links
// are gathered in a fixed order and applied one by one.
#pragma once

#include <cstdint>
#include <vector>

#include "table/column.h"
#include "table/sort_keys.h"

namespace acctseg {

// What to compare. The columns are text, of one length; a NULL or empty
// value never links. Without a country every name is in one block; with
// one, rows whose country is NULL or empty are not compared by name.
struct DuplicateKeys {
  const Column* domain = nullptr;   // nullptr: no domain rule
  const Column* name = nullptr;     // nullptr: no name rule
  const Column* country = nullptr;  // nullptr: names compared across countries
  double similarity = 0.92;         // a pair of names links at >= this
  size_t window = 8;                // later distinct names each name meets
};

enum class DuplicateReason : uint8_t { kDomain, kSameName, kSimilarName };

// `row` joined the cluster of `other` for `reason`.
struct DuplicateLink {
  int32_t row;
  int32_t other;
  DuplicateReason reason;
};

struct DuplicateClusters {
  // The links that joined two clusters, in the order applied (domains,
  // then equal names, then similar names): a spanning forest of the
  // clusters, at most one link per row, so explain can tell why any two
  // rows of a cluster are in it.
  std::vector<DuplicateLink> links;
  std::vector<int32_t> survivor;  // per row: its cluster's survivor, -1 if alone
  size_t cluster_count = 0;       // clusters of two rows or more
};

// The survivor order: columns compared in turn, value by value (numbers
// by value, strings by bytes, DESC reversed, NULLs last in either
// direction) — the order of SortKeys, without normalizing every row first:
// only rows of clusters are compared, a few per cluster, so ranking all
// rows of a string key (a sort of its whole dictionary) would cost more
// than it saves. The columns must outlive it.
class RowOrder {
 public:
  void Add(const Column* column, bool descending) { keys_.push_back({column, descending}); }
  // Whether row a comes strictly before row b (false when tied).
  bool Before(int32_t a, int32_t b) const;

 private:
  std::vector<SortColumn> keys_;
};

// `order` ranks candidate survivors (nullptr: input order). Uses up to
// `threads` threads.
DuplicateClusters FindDuplicates(const DuplicateKeys& keys, size_t rows, const RowOrder* order,
                                 int threads);

}  // namespace acctseg
