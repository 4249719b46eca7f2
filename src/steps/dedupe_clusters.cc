#include "steps/dedupe_clusters.h"

#include <numeric>

#include "common/parallel.h"
#include "steps/dedupe_similarity.h"

namespace acctseg {
namespace {

// Distinct names compared per parallel task: enough work to outweigh
// handing the task out, and tasks small enough to balance two threads.
constexpr size_t kNamesPerTask = 8192;

// Union-find over rows: union by size, path halving.
class RowSets {
 public:
  explicit RowSets(size_t rows) : parent_(rows), size_(rows, 1) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }

  int32_t Find(int32_t row) {
    while (parent_[row] != row) {
      parent_[row] = parent_[parent_[row]];
      row = parent_[row];
    }
    return row;
  }

  // Joins the sets of a and b; false if they were one already.
  bool Join(int32_t a, int32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
  }

  int32_t SizeOf(int32_t root) const { return size_[root]; }

 private:
  std::vector<int32_t> parent_;
  std::vector<int32_t> size_;
};

// Which rows of a text column hold a value that can link: not NULL, not
// empty (decided once per dictionary code).
class Linkable {
 public:
  explicit Linkable(const Column* column) : column_(column) {
    if (!column) return;
    const Dictionary& d = *column->dictionary;
    non_empty_.resize(d.size());
    for (uint32_t code = 0; code < d.size(); ++code) non_empty_[code] = !d.Get(code).empty();
  }
  bool operator()(size_t row) const {
    return !column_->IsNull(row) && non_empty_[column_->codes[row]];
  }

 private:
  const Column* column_;
  std::vector<uint8_t> non_empty_;
};

// Every row whose domain an earlier row has, linked to the first such row.
std::vector<DuplicateLink> DomainLinks(const Column& domain, size_t rows) {
  std::vector<DuplicateLink> links;
  Linkable linkable(&domain);
  std::vector<int32_t> first_row(domain.dictionary->size(), -1);
  for (size_t row = 0; row < rows; ++row) {
    if (!linkable(row)) continue;
    int32_t& first = first_row[domain.codes[row]];
    if (first < 0)
      first = static_cast<int32_t>(row);
    else
      links.push_back({static_cast<int32_t>(row), first, DuplicateReason::kDomain});
  }
  return links;
}

// Equal names within a country link to the first row with that pair;
// distinct names, sorted, each meet the next `window` ones of their country.
void NameLinks(const DuplicateKeys& keys, size_t rows, int threads,
               std::vector<DuplicateLink>& same, std::vector<DuplicateLink>& similar) {
  const Column& name = *keys.name;
  const Column* country = keys.country;
  Linkable name_linkable(&name), country_linkable(country);
  std::vector<int32_t> selection;
  for (size_t row = 0; row < rows; ++row)
    if (name_linkable(row) && (!country || country_linkable(row)))
      selection.push_back(static_cast<int32_t>(row));
  std::vector<SortColumn> columns;
  if (country) columns.push_back({country, false});
  columns.push_back({&name, false});
  SortKeys(columns, threads).Sort(selection, threads);

  auto same_country = [&](int32_t a, int32_t b) {
    return !country || country->codes[a] == country->codes[b];
  };
  // The first row of each distinct pair: ties kept row order, so the smallest.
  std::vector<int32_t> firsts;
  for (int32_t row : selection) {
    if (!firsts.empty() && name.codes[row] == name.codes[firsts.back()] &&
        same_country(row, firsts.back()))
      same.push_back({row, firsts.back(), DuplicateReason::kSameName});
    else
      firsts.push_back(row);
  }

  // The names and countries of the distinct pairs in sorted order, read
  // once here rather than once per comparison.
  std::vector<std::string_view> names(firsts.size());
  std::vector<uint32_t> countries(country ? firsts.size() : 0);
  ParallelRanges(firsts.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      names[i] = name.StringAt(firsts[i]);
      if (country) countries[i] = country->codes[firsts[i]];
    }
  });
  const size_t tasks = (firsts.size() + kNamesPerTask - 1) / kNamesPerTask;
  std::vector<std::vector<DuplicateLink>> found(tasks);
  ParallelFor(tasks, threads, [&](size_t task) {
    const size_t end = std::min(firsts.size(), (task + 1) * kNamesPerTask);
    for (size_t i = task * kNamesPerTask; i < end; ++i) {
      const size_t last = std::min(firsts.size() - 1, i + keys.window);
      for (size_t j = i + 1; j <= last; ++j) {
        if (country && countries[j] != countries[i]) break;
        if (JaroWinklerAtLeast(names[i], names[j], keys.similarity) >= keys.similarity)
          found[task].push_back({firsts[j], firsts[i], DuplicateReason::kSimilarName});
      }
    }
  });
  for (const auto& links : found) similar.insert(similar.end(), links.begin(), links.end());
}

}  // namespace

bool RowOrder::Before(int32_t a, int32_t b) const {
  for (const SortColumn& key : keys_) {
    const Column& c = *key.column;
    const bool a_null = c.IsNull(a), b_null = c.IsNull(b);
    if (a_null || b_null) {
      if (a_null == b_null) continue;
      return b_null;
    }
    int order = 0;
    if (c.type.id == TypeId::kString) {
      if (c.codes[a] != c.codes[b]) order = c.StringAt(a) < c.StringAt(b) ? -1 : 1;
    } else if (c.ints[a] != c.ints[b]) {
      order = c.ints[a] < c.ints[b] ? -1 : 1;
    }
    if (order != 0) return key.descending ? order > 0 : order < 0;
  }
  return false;
}

DuplicateClusters FindDuplicates(const DuplicateKeys& keys, size_t rows, const RowOrder* order,
                                 int threads) {
  std::vector<DuplicateLink> domain, same, similar;
  if (keys.domain) domain = DomainLinks(*keys.domain, rows);
  if (keys.name) NameLinks(keys, rows, threads, same, similar);

  DuplicateClusters result;
  RowSets sets(rows);
  for (const auto* links : {&domain, &same, &similar})
    for (const DuplicateLink& link : *links)
      if (sets.Join(link.other, link.row)) result.links.push_back(link);

  // The survivor of each cluster, by its root: rows in order, so a tie
  // keeps the earliest.
  std::vector<int32_t> best(rows, -1);
  result.survivor.assign(rows, -1);
  for (size_t r = 0; r < rows; ++r) {
    const int32_t row = static_cast<int32_t>(r);
    const int32_t root = sets.Find(row);
    if (sets.SizeOf(root) < 2) continue;
    int32_t& first = best[root];
    if (first < 0) ++result.cluster_count;
    if (first < 0 || (order && order->Before(row, first))) first = row;
  }
  for (size_t r = 0; r < rows; ++r) {
    const int32_t root = sets.Find(static_cast<int32_t>(r));
    if (sets.SizeOf(root) >= 2) result.survivor[r] = best[root];
  }
  return result;
}

}  // namespace acctseg
