#include "job/territory_files.h"

#include <map>
#include <sstream>
#include <unordered_map>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "io/csv_reader.h"

namespace acctseg {
namespace {

CsvColumnRequest Text(const std::string& name, bool required) {
  CsvColumnRequest request{name, DataType::String()};
  request.required = required;
  request.not_null = required;
  return request;
}

// "a;b; c" -> {"a", "b", "c"}; empty parts are dropped.
std::vector<std::string> SemicolonList(std::string_view text) {
  std::vector<std::string> parts;
  std::stringstream stream{std::string(text)};
  for (std::string part; std::getline(stream, part, ';');) {
    size_t first = part.find_first_not_of(" \t"), last = part.find_last_not_of(" \t");
    if (first != std::string::npos) parts.push_back(part.substr(first, last - first + 1));
  }
  return parts;
}

std::string Listed(const std::set<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  return list.empty() ? "none" : list;
}

// Error(kInput) "reps.csv:4: rep R7: unknown role "x" (did you mean ...?);
// the roles are: ..." unless `value` is one of `known`.
void CheckKnown(const std::string& where, const char* what, const std::string& value,
                const std::set<std::string>& known) {
  if (known.count(value)) return;
  std::string hint = DidYouMean(value, std::vector<std::string>(known.begin(), known.end()));
  throw Error(ErrorKind::kInput, where + ": unknown " + what + " \"" + value + "\"" + hint +
                                     "; the " + what + "s of this plan are: " + Listed(known));
}

}  // namespace

std::vector<territory::Rep> ReadReps(const std::string& path, const std::set<std::string>& roles,
                                     const std::set<std::string>& regions) {
  CsvReadOptions options{path,
                         {Text("rep_id", true),
                          Text("name", false),
                          Text("role", true),
                          Text("region", false),
                          Text("home", false),
                          {"max_accounts", DataType::Int64(), false}}};
  options.encoding_advice = EncodingAdvice::kConvert;  // a flag's file: no encoding: to declare
  CsvReadResult read = ReadCsv(options);
  const Table& t = read.table;
  const Column &id = *t.Find("rep_id"), &name = *t.Find("name"), &role = *t.Find("role");
  const Column &region = *t.Find("region"), &home = *t.Find("home");
  const Column& max_accounts = *t.Find("max_accounts");
  std::vector<territory::Rep> reps;
  std::map<std::string, uint64_t> line_of_id;
  for (size_t row = 0; row < t.row_count(); ++row) {
    territory::Rep rep;
    rep.id = std::string(id.StringAt(row));
    std::string where = path + ":" + std::to_string(read.row_lines[row]) + ": rep " + rep.id;
    if (auto [it, fresh] = line_of_id.emplace(rep.id, read.row_lines[row]); !fresh)
      throw Error(ErrorKind::kInput,
                  where + ": given twice (first at line " + std::to_string(it->second) + ")");
    rep.name = std::string(name.StringAt(row));
    rep.role = std::string(role.StringAt(row));
    CheckKnown(where, "role", rep.role, roles);
    std::string region_text(region.StringAt(row));
    if (region_text != "*")
      for (std::string& r : SemicolonList(region_text)) {
        CheckKnown(where, "region", r, regions);
        rep.regions.push_back(std::move(r));
      }
    rep.home_geos = SemicolonList(home.StringAt(row));
    if (!max_accounts.IsNull(row)) {
      int64_t limit = max_accounts.ints[row];
      if (limit < 0)
        throw Error(ErrorKind::kInput, where + ": max_accounts must be 0 (no limit) or more");
      rep.max_accounts = static_cast<uint32_t>(limit);
    }
    reps.push_back(std::move(rep));
  }
  if (reps.empty()) throw Error(ErrorKind::kInput, path + ": no reps (expected a row per rep)");
  return reps;
}

std::vector<Owner> ReadOwners(const std::string& path, const std::vector<territory::Rep>& reps) {
  CsvReadOptions options{
      path, {Text("account_id", true), Text("rep_id", false), {"locked", DataType::Bool(), false}}};
  options.columns[1].required = true;  // the column must be there; an empty value: no owner
  options.encoding_advice = EncodingAdvice::kConvert;
  CsvReadResult read = ReadCsv(options);
  const Table& t = read.table;
  const Column &account = *t.Find("account_id"), &rep = *t.Find("rep_id");
  const Column& locked = *t.Find("locked");
  std::unordered_map<std::string, int32_t> rep_of_id;
  std::vector<std::string> rep_ids;
  for (size_t i = 0; i < reps.size(); ++i) {
    rep_of_id.emplace(reps[i].id, static_cast<int32_t>(i));
    rep_ids.push_back(reps[i].id);
  }
  std::vector<Owner> owners;
  std::unordered_map<std::string, uint64_t> line_of_account;
  for (size_t row = 0; row < t.row_count(); ++row) {
    Owner owner;
    owner.account_id = std::string(account.StringAt(row));
    owner.line = read.row_lines[row];
    std::string where = path + ":" + std::to_string(owner.line) + ": account " + owner.account_id;
    if (auto [it, fresh] = line_of_account.emplace(owner.account_id, owner.line); !fresh)
      throw Error(ErrorKind::kInput,
                  where + ": given twice (first at line " + std::to_string(it->second) + ")");
    std::string rep_id(rep.StringAt(row));
    if (rep_id.empty()) continue;
    auto found = rep_of_id.find(rep_id);
    if (found == rep_of_id.end())
      throw Error(ErrorKind::kInput, where + ": unknown rep \"" + rep_id + "\"" +
                                         DidYouMean(rep_id, rep_ids) +
                                         " (every owner must be a rep of the reps file)");
    owner.rep = found->second;
    owner.locked = !locked.IsNull(row) && locked.ints[row] != 0;
    owners.push_back(std::move(owner));
  }
  return owners;
}

}  // namespace acctseg
