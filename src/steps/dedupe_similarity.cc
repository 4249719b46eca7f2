#include "steps/dedupe_similarity.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace acctseg {

double JaroWinkler(std::string_view a, std::string_view b) { return JaroWinklerAtLeast(a, b, 0); }

double JaroWinklerAtLeast(std::string_view a, std::string_view b, double threshold) {
  const bool differ = a != b;
  a = a.substr(0, std::min(a.size(), kMaxSimilarityBytes));
  b = b.substr(0, std::min(b.size(), kMaxSimilarityBytes));
  // Alike in the bytes compared, different after them: just below 1, so
  // that similarity: 1 means equal (two long legal names that differ in
  // their suffix were one account).
  if (differ && a == b) return std::nextafter(1.0, 0.0);
  // The greedy matching below depends on which text leads; a fixed order
  // (shorter first, then byte order) makes the measure symmetric.
  if (a.size() > b.size() || (a.size() == b.size() && a > b)) std::swap(a, b);
  if (b.empty()) return 1.0;
  if (a.empty()) return 0.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  // The fewest matches that can reach the threshold, with no byte out of
  // order: jaro >= (threshold - 0.1 l) / (1 - 0.1 l) and jaro <= (m/|a| +
  // m/|b| + 1) / 3. The slack keeps rounding from stopping a pair that
  // reaches the threshold exactly.
  const double weight = static_cast<double>(prefix) * 0.1;
  const double least_jaro = (threshold - weight) / (1 - weight);
  const double least_matches = (3 * least_jaro - 1) / (1.0 / static_cast<double>(a.size()) +
                                                       1.0 / static_cast<double>(b.size()));
  const size_t needed =
      least_matches > 1e-9 ? static_cast<size_t>(std::ceil(least_matches - 1e-9)) : 0;
  if (needed > a.size()) return 0.0;
  const size_t window = b.size() / 2 > 0 ? b.size() / 2 - 1 : 0;
  // Bit j of at[c]: b[j] == c. Each byte of a takes the first unmatched
  // equal byte of b within the window: the lowest bit of a mask, not a scan.
  // Only the entries of bytes in a or b are read, so only those are cleared.
  uint64_t at[256];
  for (char c : a) at[static_cast<unsigned char>(c)] = 0;
  for (char c : b) at[static_cast<unsigned char>(c)] = 0;
  for (size_t j = 0; j < b.size(); ++j) at[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
  auto below = [](size_t bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; };
  uint64_t a_matched = 0, b_matched = 0;  // bit i: byte i is matched (texts <= 64 bytes)
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (matches + (a.size() - i) < needed) return 0.0;
    size_t lo = i > window ? i - window : 0;
    size_t hi = std::min(i + window + 1, b.size());
    uint64_t free = at[static_cast<unsigned char>(a[i])] & ~b_matched & below(hi) & ~below(lo);
    if (!free) continue;
    a_matched |= uint64_t{1} << i;
    b_matched |= free & -free;
    ++matches;
  }
  if (matches == 0) return 0.0;
  // Matched bytes of a and b, in order; each position where they differ
  // is half a transposition.
  size_t out_of_order = 0;
  for (uint64_t ai = a_matched, bj = b_matched; ai; ai &= ai - 1, bj &= bj - 1)
    if (a[std::countr_zero(ai)] != b[std::countr_zero(bj)]) ++out_of_order;
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(out_of_order) / 2) / m) /
                      3;
  return jaro + weight * (1 - jaro);
}

}  // namespace acctseg
