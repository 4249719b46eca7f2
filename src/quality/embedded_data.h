// The data files of data/ as built into the binary (CMakeLists.txt,
// acctseg_embed), and the one reader of their simple formats.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace acctseg {

extern const std::string_view kCountriesCsv;       // data/countries.csv
extern const std::string_view kCountryAliasesCsv;  // data/country_aliases.csv
extern const std::string_view kLegalSuffixesTxt;   // data/legal_suffixes.txt

// Calls `record` with the fields of each line of `text` after the first
// (a header) when `header` is set, skipping blank lines and lines that start
// with '#'. Fields are split at commas; a field in double quotes may hold
// commas and doubled quotes. A line without commas is one field.
void ForEachDataRecord(std::string_view text, bool header,
                       const std::function<void(const std::vector<std::string>&)>& record);

}  // namespace acctseg
