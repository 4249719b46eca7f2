// Interning through a cache of recent texts, for columns that repeat a few
// values (stages, products, countries, titles): the CSV reader interns
// every such field, and a hit here costs one compare instead of a hash and
// a probe of the dictionary's table (bench/dictionary_bench.cc,
// BM_InternLowCardinality).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "table/dictionary.h"

namespace acctseg {

class RecentCodes {
 public:
  explicit RecentCodes(Dictionary& dictionary) : dictionary_(dictionary) {}

  // The same code as dictionary.Intern(text).
  uint32_t Intern(std::string_view text) {
    uint64_t head = 0;
    if (!text.empty()) std::memcpy(&head, text.data(), std::min(text.size(), sizeof head));
    Place& place = places_[((head ^ text.size()) * 0x9E3779B97F4A7C15ull) >> (64 - kPlacesLog2)];
    // The first 8 bytes and the size decide a text of up to 8 bytes; a
    // longer one is compared in full with the dictionary's entry.
    if (place.code != kNone && place.head == head && place.size == text.size() &&
        (text.size() <= sizeof head || SameText(dictionary_.Get(place.code), text)))
      return place.code;
    const uint32_t code = dictionary_.Intern(text);
    place = {head, text.size(), code};
    return code;
  }

 private:
  static constexpr int kPlacesLog2 = 4;
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Place {
    uint64_t head = 0;
    size_t size = 0;
    uint32_t code = kNone;
  };

  Dictionary& dictionary_;
  std::array<Place, size_t{1} << kPlacesLog2> places_{};
};

}  // namespace acctseg
