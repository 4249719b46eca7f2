#include "history/summary.h"

#include <map>

#include "table/decimal.h"

namespace acctseg {

nlohmann::ordered_json SummarizeRun(const Execution& execution) {
  const Plan& plan = execution.plan();
  const size_t n = execution.result.outputs.row_count();
  std::vector<std::shared_ptr<const Column>> measures;
  for (const auto& m : plan.summary_measures()) measures.push_back(execution.ColumnNamed(m));
  nlohmann::ordered_json dimensions = nlohmann::ordered_json::object();
  for (const std::string& d : plan.summary_dimensions()) {
    auto column = execution.ColumnNamed(d);
    if (!column || column->type.id != TypeId::kString) continue;
    // Per dictionary code: count and measure sums; NULL under "(none)".
    size_t codes = column->dictionary->size() + 1;
    std::vector<uint64_t> count(codes, 0);
    std::vector<std::vector<int64_t>> sums(measures.size(), std::vector<int64_t>(codes, 0));
    for (size_t row = 0; row < n; ++row) {
      size_t code = column->IsNull(row) ? codes - 1 : column->codes[row];
      ++count[code];
      for (size_t m = 0; m < measures.size(); ++m)
        if (!measures[m]->IsNull(row)) sums[m][code] += measures[m]->ints[row];
    }
    std::map<std::string, nlohmann::ordered_json> values;  // sorted by value
    for (size_t code = 0; code < codes; ++code) {
      if (count[code] == 0) continue;
      std::string value = code == codes - 1 ? "(none)" : std::string(column->dictionary->Get(code));
      nlohmann::ordered_json entry = {{"count", count[code]}};
      for (size_t m = 0; m < measures.size(); ++m)
        entry[plan.summary_measures()[m]] = measures[m]->type.Scale() == 0
                                                ? nlohmann::ordered_json(sums[m][code])
                                                : nlohmann::ordered_json(std::stod(FormatDecimal(
                                                      sums[m][code], measures[m]->type.Scale())));
      values[value] = entry;
    }
    dimensions[d] = values;
  }
  return {{"rows", n},
          {"key", plan.key_column()},
          {"measures", plan.summary_measures()},
          {"dimensions", dimensions}};
}

}  // namespace acctseg
