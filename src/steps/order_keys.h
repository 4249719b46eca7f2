// Order keys (`order_by:` of tier, `survivor:` of dedupe): expressions,
// each ASC or DESC, bound once, evaluated over all rows to sort by, and
// shown for one row in explanations. NULLs sort last.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "steps/step.h"
#include "table/sort_keys.h"

namespace acctseg {

struct CompiledOrder {
  ExprPtr expr;
  bool descending;
  std::string text;  // as written, without ASC/DESC
};

// Binds each key (a list is a diagnostic). Returns false if any failed;
// the failed ones are kept with a null expr.
bool BindOrderKeys(const std::vector<OrderKey>& keys, BindContext& ctx,
                   std::vector<CompiledOrder>* order);

// The keys evaluated over every row of the run, ready to sort by. Keeps
// the columns SortKeys reads.
class OrderedRows {
 public:
  OrderedRows(const std::vector<CompiledOrder>& order, RunData& run);
  const SortKeys& keys() const { return *keys_; }
  // The evaluated column of key i.
  const Column* column(size_t i) const { return columns_[i].get(); }

 private:
  std::vector<std::shared_ptr<const Column>> columns_;
  std::unique_ptr<SortKeys> keys_;
};

// The keys' values at `row`: [{"expr", "order", "value"}], and as text
// "employees = 120, name = 'x'".
struct OrderValues {
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::string text;
};
OrderValues OrderValuesAt(const std::vector<CompiledOrder>& order, const RunState& state,
                          size_t row);

// The rows of `row`'s group (the rows whose `group` value is its own, NULL
// being one value; every row when `group` is null) that equal it on every
// order key: the ties that input order decides. `before` of them come
// earlier in the input, so rank just before it, `after` later. A scan of
// every row, for explanations: why an equal account got the other tier.
struct TiedRows {
  int64_t before = 0, after = 0;
};
TiedRows TiedWith(const std::vector<CompiledOrder>& order, const BoundExpr* group,
                  const RunState& state, size_t row);

}  // namespace acctseg
