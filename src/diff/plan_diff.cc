#include "diff/plan_diff.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"

namespace acctseg {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kRepMeasures[] = {"accounts", "potential", "workload", "arr"};

// The array under `key`, or an empty one: a reference into `object` (or a
// static), since Keyed keeps pointers to the rows.
const Json& ArrayAt(const Json& object, const char* key) {
  static const Json kEmpty = Json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

double Number(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

// {"before": b, "after": a, "change": a - b}; a missing side is null and
// counts as 0 in the change.
Json Delta(const Json* before, const Json* after, const std::string& key) {
  auto side = [&](const Json* row) -> Json {
    if (row == nullptr || !row->contains(key)) return nullptr;
    return (*row)[key];
  };
  Json b = side(before), a = side(after);
  double change = (a.is_number() ? a.get<double>() : 0) - (b.is_number() ? b.get<double>() : 0);
  return {{"before", b}, {"after", a}, {"change", change}};
}

// Rows of `list` by the text of their `keys`, joined with a unit separator.
std::map<std::string, const Json*> Keyed(const Json& list,
                                         std::initializer_list<const char*> keys) {
  std::map<std::string, const Json*> rows;
  for (const Json& row : list) {
    std::string key;
    for (const char* name : keys) key += row.value(name, std::string()) + '\x1f';
    rows.emplace(key, &row);
  }
  return rows;
}

// Every key of either side, sorted.
std::vector<std::string> UnionOfKeys(const std::map<std::string, const Json*>& before,
                                     const std::map<std::string, const Json*>& after) {
  std::vector<std::string> keys;
  for (const auto& [key, row] : before) keys.push_back(key);
  for (const auto& [key, row] : after)
    if (!before.count(key)) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

const Json* Find(const std::map<std::string, const Json*>& rows, const std::string& key) {
  auto it = rows.find(key);
  return it == rows.end() ? nullptr : it->second;
}

// Capacity rows (or role totals) matched by `keys`: each numeric field's delta.
Json DiffRows(const Json& before, const Json& after, std::initializer_list<const char*> keys) {
  auto old_rows = Keyed(before, keys), new_rows = Keyed(after, keys);
  Json rows = Json::array();
  for (const std::string& key : UnionOfKeys(old_rows, new_rows)) {
    const Json* b = Find(old_rows, key);
    const Json* a = Find(new_rows, key);
    const Json& any = a != nullptr ? *a : *b;
    Json row;
    for (const char* name : keys) row[name] = any.value(name, std::string());
    row["status"] = b == nullptr ? "added" : a == nullptr ? "removed" : "both";
    std::vector<std::string> fields;
    for (const Json* side : {b, a})
      if (side != nullptr)
        for (const auto& [field, value] : side->items())
          if (value.is_number() && std::find(fields.begin(), fields.end(), field) == fields.end())
            fields.push_back(field);
    for (const std::string& field : fields) row[field] = Delta(b, a, field);
    rows.push_back(std::move(row));
  }
  return rows;
}

Json DiffCapacity(const Json& before, const Json& after) {
  return {{"kind", "capacity"},
          {"rows", DiffRows(ArrayAt(before, "rows"), ArrayAt(after, "rows"), {"role", "region"})},
          {"roles", DiffRows(ArrayAt(before, "roles"), ArrayAt(after, "roles"), {"role"})}};
}

Json DiffTerritories(const Json& before, const Json& after) {
  // "account" only names a unit of an account without a family.
  auto old_units = Keyed(ArrayAt(before, "units"), {"family", "account", "role"});
  auto new_units = Keyed(ArrayAt(after, "units"), {"family", "account", "role"});
  Json moves = Json::array();
  double accounts = 0, arr = 0, potential = 0;
  size_t added = 0, removed = 0;
  for (const std::string& key : UnionOfKeys(old_units, new_units)) {
    const Json* b = Find(old_units, key);
    const Json* a = Find(new_units, key);
    if (b == nullptr || a == nullptr) {
      (b == nullptr ? added : removed)++;
      continue;
    }
    if ((*b)["rep"] == (*a)["rep"]) continue;
    accounts += Number(*a, "accounts");
    arr += Number(*a, "arr");
    potential += Number(*a, "potential");
    Json move = {{"family", (*a)["family"]}};
    if (a->contains("account")) move["account"] = (*a)["account"];
    move.update(Json{{"role", (*a)["role"]},
                     {"from", (*b)["rep"]},
                     {"to", (*a)["rep"]},
                     {"accounts", (*a)["accounts"]},
                     {"arr", (*a)["arr"]},
                     {"potential", (*a)["potential"]}});
    moves.push_back(std::move(move));
  }
  // The biggest changes first; ties keep the family order.
  std::stable_sort(moves.begin(), moves.end(), [](const Json& x, const Json& y) {
    return Number(x, "arr") + Number(x, "potential") > Number(y, "arr") + Number(y, "potential");
  });
  auto old_reps = Keyed(ArrayAt(before, "reps"), {"rep"});
  auto new_reps = Keyed(ArrayAt(after, "reps"), {"rep"});
  Json reps = Json::array();
  for (const std::string& key : UnionOfKeys(old_reps, new_reps)) {
    const Json* b = Find(old_reps, key);
    const Json* a = Find(new_reps, key);
    const Json& any = a != nullptr ? *a : *b;
    Json rep = {{"rep", any.value("rep", std::string())},
                {"role", any.value("role", std::string())}};
    for (const char* measure : kRepMeasures) rep[measure] = Delta(b, a, measure);
    reps.push_back(std::move(rep));
  }
  return {
      {"kind", "territories"},
      {"changed",
       {{"units", moves.size()}, {"accounts", accounts}, {"arr", arr}, {"potential", potential}}},
      {"units_added", added},
      {"units_removed", removed},
      {"moves", std::move(moves)},
      {"reps", std::move(reps)}};
}

}  // namespace

Json DiffPlanJson(const Json& before, const Json& after) {
  std::string kind = before.value("kind", std::string());
  std::string other = after.value("kind", std::string());
  if (kind != other)
    throw Error(ErrorKind::kUsage, "cannot compare a " + (kind.empty() ? "?" : kind) +
                                       " plan with a " + (other.empty() ? "?" : other) + " plan");
  if (kind == "territories") return DiffTerritories(before, after);
  if (kind == "capacity") return DiffCapacity(before, after);
  throw Error(ErrorKind::kUsage,
              "cannot compare plans of kind \"" + kind + "\" (expected territories or capacity)");
}

}  // namespace acctseg
