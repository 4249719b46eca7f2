#include "history/summary.h"

#include <algorithm>
#include <map>

#include "common/dimension_value.h"
#include "common/parallel.h"
#include "table/decimal.h"

namespace acctseg {

namespace {

// A slice of rows' counts and measure sums per dimension value: code
// (dictionary size for NULL) -> count, and per measure the same.
struct Tally {
  std::vector<std::vector<uint64_t>> count;             // per dimension
  std::vector<std::vector<std::vector<int64_t>>> sums;  // per dimension, per measure
};

// Every dimension counted in one pass over the rows (each measure read once
// a row, not once per dimension), in slices on all threads, the slices
// added after in order: integer sums, so the same at any thread count. A
// dimension of many values (an id) keeps one slice, so the tallies' memory
// stays that of a single pass.
std::vector<Tally> TallySlices(const std::vector<const Column*>& dimensions,
                               const std::vector<const Column*>& measures, size_t rows,
                               int threads) {
  constexpr size_t kMaxSlicedValues = size_t{1} << 16;
  size_t values = 0;
  for (const Column* d : dimensions) values += d->dictionary->size() + 1;
  const size_t slices = values * (1 + measures.size()) <= kMaxSlicedValues
                            ? std::min(static_cast<size_t>(std::max(threads, 1)),
                                       std::max<size_t>(1, rows / kParallelGrain))
                            : 1;
  std::vector<Tally> tallies(slices);
  ParallelFor(slices, threads, [&](size_t slice) {
    Tally& t = tallies[slice];
    for (const Column* d : dimensions) {
      const size_t codes = d->dictionary->size() + 1;
      t.count.emplace_back(codes, 0);
      t.sums.emplace_back(measures.size(), std::vector<int64_t>(codes, 0));
    }
    std::vector<int64_t> measure(measures.size());  // a row's, 0 for NULL
    for (size_t row = rows * slice / slices; row < rows * (slice + 1) / slices; ++row) {
      for (size_t m = 0; m < measures.size(); ++m)
        measure[m] = measures[m]->IsNull(row) ? 0 : measures[m]->ints[row];
      for (size_t d = 0; d < dimensions.size(); ++d) {
        const Column& column = *dimensions[d];
        const size_t code = column.IsNull(row) ? t.count[d].size() - 1 : column.codes[row];
        ++t.count[d][code];
        for (size_t m = 0; m < measures.size(); ++m) t.sums[d][m][code] += measure[m];
      }
    }
  });
  return tallies;
}

}  // namespace

nlohmann::ordered_json SummarizeRun(const Execution& execution) {
  const Plan& plan = execution.plan();
  const size_t n = execution.result.outputs.row_count();
  std::vector<std::shared_ptr<const Column>> measure_columns;
  for (const auto& m : plan.summary_measures()) measure_columns.push_back(execution.ColumnNamed(m));
  std::vector<const Column*> measures, dimensions;
  for (const auto& m : measure_columns) measures.push_back(m.get());
  std::vector<std::string> dimension_names;
  std::vector<std::shared_ptr<const Column>> dimension_columns;
  for (const std::string& d : plan.summary_dimensions()) {
    auto column = execution.ColumnNamed(d);
    if (!column || column->type.id != TypeId::kString) continue;
    dimension_names.push_back(d);
    dimensions.push_back(column.get());
    dimension_columns.push_back(std::move(column));
  }
  const std::vector<Tally> tallies =
      TallySlices(dimensions, measures, n, execution.state.data.threads);
  nlohmann::ordered_json out_dimensions = nlohmann::ordered_json::object();
  for (size_t d = 0; d < dimensions.size(); ++d) {
    const Column& column = *dimensions[d];
    const size_t codes = column.dictionary->size() + 1;
    std::map<std::string, nlohmann::ordered_json> values;  // sorted by value
    for (size_t code = 0; code < codes; ++code) {
      uint64_t count = 0;
      for (const Tally& t : tallies) count += t.count[d][code];
      if (count == 0) continue;
      std::string value = code == codes - 1 ? std::string(kNoneValue)
                                            : DimensionValueName(column.dictionary->Get(code));
      nlohmann::ordered_json entry = {{"count", count}};
      for (size_t m = 0; m < measures.size(); ++m) {
        int64_t sum = 0;
        for (const Tally& t : tallies) sum += t.sums[d][m][code];
        // A decimal's sum as its exact text ("51927922.40"): a JSON number
        // is a double to most readers, ours included, which dropped the
        // scale's zeros and, past 2^53 units, cents.
        entry[plan.summary_measures()[m]] =
            measures[m]->type.Scale() == 0
                ? nlohmann::ordered_json(sum)
                : nlohmann::ordered_json(FormatDecimal(sum, measures[m]->type.Scale()));
      }
      values[value] = entry;
    }
    out_dimensions[dimension_names[d]] = values;
  }
  return {{"rows", n},
          {"key", plan.key_column()},
          {"measures", plan.summary_measures()},
          {"dimensions", out_dimensions}};
}

}  // namespace acctseg
