// COUNTRY_CODE: one table from every way of writing a country (its codes,
// names and aliases, folded) to its alpha-2 code.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "common/error.h"
#include "quality/embedded_data.h"
#include "quality/normalizers.h"
#include "quality/text_fold.h"

namespace acctseg {
namespace {

// Keys are folded and then lose their spaces too: "COTE D IVOIRE" and
// "Côte d'Ivoire", "U S A" and "USA" meet.
void CountryKey(std::string_view written, std::string& key) {
  key.clear();
  FoldText(written, key);
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
}

using CountryTable = std::unordered_map<std::string, std::string, TextHash, std::equal_to<>>;

// Adds `written` (folded) for `alpha2`. Two countries under one key would
// make the answer depend on file order: a mistake in the data files.
void AddKey(CountryTable& table, std::string_view written, const std::string& alpha2) {
  std::string key;
  CountryKey(written, key);
  if (key.empty()) return;
  auto [it, inserted] = table.emplace(key, alpha2);
  if (!inserted && it->second != alpha2)
    throw Error(ErrorKind::kInternal, "country data: \"" + std::string(written) + "\" means both " +
                                          it->second + " and " + alpha2);
}

CountryTable BuildTable() {
  CountryTable table;
  ForEachDataRecord(kCountriesCsv, true, [&](const std::vector<std::string>& f) {
    // alpha2, alpha3, numeric, name, official_name, common_name
    if (f.size() != 6) throw Error(ErrorKind::kInternal, "data/countries.csv: bad record");
    for (const std::string& written : f) AddKey(table, written, f[0]);
  });
  ForEachDataRecord(kCountryAliasesCsv, true, [&](const std::vector<std::string>& f) {
    // The code must be one of countries.csv's (its own folded key).
    std::string code;
    if (f.size() == 2) CountryKey(f[1], code);
    auto known = table.find(code);
    if (f.size() != 2 || known == table.end() || known->second != f[1])
      throw Error(ErrorKind::kInternal, "data/country_aliases.csv: bad record " + f[0]);
    AddKey(table, f[0], f[1]);
  });
  return table;
}

// Whether `text` is two ASCII letters and nothing else but spaces or tabs
// around them.
bool TwoLettersAlone(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
  if (first == std::string_view::npos || last - first != 1) return false;
  return std::isalpha(static_cast<unsigned char>(text[first])) &&
         std::isalpha(static_cast<unsigned char>(text[last]));
}

}  // namespace

std::optional<std::string_view> CountryCode(std::string_view text, std::string& buffer) {
  static const CountryTable table = BuildTable();
  CountryKey(text, buffer);
  // "N/A", "#N/A", "n.a." are the no-value placeholder of spreadsheets and
  // CRM exports, which folded read as NA, Namibia: only the two letters
  // alone ("NA", "na"), or a name ("NAM", "Namibia"), are Namibia.
  if (buffer == "na" && !TwoLettersAlone(text)) return std::nullopt;
  auto it = table.find(std::string_view(buffer));
  if (it == table.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace acctseg
