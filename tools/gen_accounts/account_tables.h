// The word tables of tests/data/gen_accounts.py, in the same order and with
// the same weights: the generator draws indexes into them, so any change
// there must be made here too (e2e.generator_matches_python catches a miss).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>

namespace gen_accounts {

struct WeightedValue {
  std::string_view value;
  double weight;
};

inline constexpr std::array<WeightedValue, 16> kIndustries{{
    {"Software", 14},
    {"Financial Services", 10},
    {"Healthcare", 9},
    {"Retail", 8},
    {"Manufacturing", 11},
    {"Telecommunications", 4},
    {"Education", 4},
    {"Government", 2},
    {"Energy", 4},
    {"Media", 4},
    {"Transportation", 5},
    {"Construction", 6},
    {"Hospitality", 4},
    {"Professional Services", 9},
    {"Real Estate", 3},
    {"Agriculture", 3},
}};

inline constexpr std::array<WeightedValue, 53> kCountries{{
    {"US", 45},  {"GB", 6},   {"DE", 5},   {"CA", 4},   {"FR", 4},   {"JP", 3},   {"AU", 3},
    {"IN", 3},   {"NL", 2},   {"BR", 2},   {"SE", 1.5}, {"ES", 1.5}, {"IT", 1.5}, {"CH", 1},
    {"MX", 1.2}, {"SG", 1},   {"IE", 1},   {"PL", 1},   {"BE", 0.8}, {"DK", 0.6}, {"NO", 0.6},
    {"FI", 0.5}, {"AT", 0.6}, {"IL", 0.6}, {"AE", 0.5}, {"ZA", 0.5}, {"KR", 0.8}, {"CN", 1},
    {"AR", 0.5}, {"CL", 0.4}, {"CO", 0.4}, {"PT", 0.4}, {"CZ", 0.3}, {"NZ", 0.4}, {"HK", 0.4},
    {"TW", 0.3}, {"SA", 0.3}, {"TR", 0.4}, {"GR", 0.2}, {"HU", 0.2}, {"RO", 0.2}, {"NG", 0.2},
    {"KE", 0.1}, {"EG", 0.1}, {"MY", 0.2}, {"TH", 0.2}, {"PH", 0.2}, {"VN", 0.2}, {"ID", 0.2},
    {"PE", 0.2}, {"RU", 0.2}, {"UA", 0.2}, {"", 0.3},
}};

inline constexpr std::array<WeightedValue, 52> kUsStates{{
    {"CA", 12},  {"TX", 9},   {"FL", 6.5}, {"NY", 6},   {"PA", 4},   {"IL", 4},   {"OH", 3.5},
    {"GA", 3.2}, {"NC", 3.2}, {"MI", 3},   {"NJ", 2.8}, {"VA", 2.6}, {"WA", 2.3}, {"AZ", 2.2},
    {"MA", 2.1}, {"TN", 2.1}, {"IN", 2},   {"MO", 1.8}, {"MD", 1.8}, {"WI", 1.8}, {"CO", 1.7},
    {"MN", 1.7}, {"SC", 1.5}, {"AL", 1.5}, {"LA", 1.4}, {"KY", 1.3}, {"OR", 1.3}, {"OK", 1.2},
    {"CT", 1.1}, {"UT", 1},   {"IA", 0.9}, {"NV", 0.9}, {"AR", 0.9}, {"MS", 0.9}, {"KS", 0.9},
    {"NM", 0.6}, {"NE", 0.6}, {"ID", 0.5}, {"WV", 0.5}, {"HI", 0.4}, {"NH", 0.4}, {"ME", 0.4},
    {"MT", 0.3}, {"RI", 0.3}, {"DE", 0.3}, {"SD", 0.3}, {"ND", 0.2}, {"AK", 0.2}, {"DC", 0.2},
    {"VT", 0.2}, {"WY", 0.2}, {"", 0.3},
}};

inline constexpr std::array<WeightedValue, 8> kCaProvinces{{
    {"ON", 38},
    {"QC", 22},
    {"BC", 14},
    {"AB", 12},
    {"MB", 4},
    {"SK", 3},
    {"NS", 3},
    {"NB", 2},
}};

inline constexpr std::array<WeightedValue, 4> kPublicSectors{{
    {"federal", 3},
    {"state", 1.5},
    {"local", 1.5},
    {"education", 2},
}};

// PRODUCTS[0] ("CORE") comes with every customer; the others are optional.
inline constexpr std::string_view kCoreProduct = "CORE";
inline constexpr std::array<std::string_view, 4> kExtraProducts{"SEC", "OBS", "SEARCH", "CLOUD"};

inline constexpr std::array<std::string_view, 6> kCompetitors{
    "Splunk", "Datadog", "New Relic", "Dynatrace", "Sumo Logic", "Algolia"};

inline constexpr std::array<std::string_view, 34> kNameWordsA{
    "Acme",     "Blue",       "North",     "Summit",   "Pioneer", "Global", "Apex",
    "Vertex",   "Silver",     "Red",       "Green",    "Quantum", "Union",  "Pacific",
    "Atlantic", "Crescent",   "Evergreen", "Horizon",  "Liberty", "Metro",  "Nova",
    "Orion",    "Prime",      "Rapid",     "Sterling", "Titan",   "Müller", "Société",
    "Nordic",   "Østergaard", "São",       "Zürich",   "Kōbe",    "Łódź"};

inline constexpr std::array<std::string_view, 23> kNameWordsB{
    "Systems",  "Holdings", "Labs",    "Partners", "Industries", "Logistics", "Health", "Capital",
    "Networks", "Foods",    "Energy",  "Media",    "Motors",     "Analytics", "Bank",   "Insurance",
    "Pharma",   "Retail",   "Foundry", "Works",    "Data",       "Cloud",     "Group"};

// The last suffix is empty: no suffix.
inline constexpr std::array<std::string_view, 11> kNameSuffixes{
    "Inc.", "LLC", "Ltd", "GmbH", "S.A.", "plc", "Corp.", "AG", "K.K.", "Pty Ltd", ""};

// Position of a value in a table, found at compile time.
constexpr size_t IndexOf(std::span<const WeightedValue> table, std::string_view value) {
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].value == value) return i;
  }
  throw std::logic_error("value not in table");
}

inline constexpr size_t kUnitedStates = IndexOf(kCountries, "US");
inline constexpr size_t kCanada = IndexOf(kCountries, "CA");

}  // namespace gen_accounts
