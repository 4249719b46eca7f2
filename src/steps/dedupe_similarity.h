// The string similarity of the dedupe step: Jaro-Winkler over bytes.
//
// Jaro counts the characters two texts share within a window of
// max(|a|, |b|) / 2 - 1 positions (m) and the shared ones out of order
// (t transpositions, halved): jaro = (m/|a| + m/|b| + (m - t)/m) / 3.
// Winkler adds weight to a common prefix of l <= 4 bytes:
// jw = jaro + l * 0.1 * (1 - jaro), for every jaro (no 0.7 boost threshold).
// Both are 1 for equal texts and 0 when nothing is shared; two empty texts
// are 1. Texts are compared as bytes (a non-ASCII character counts as its
// UTF-8 bytes), and only their first kMaxSimilarityBytes bytes; texts
// alike there and different after are just below 1 (1 is equal only).
// Symmetric: JaroWinkler(a, b) == JaroWinkler(b, a). Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace acctseg {

inline constexpr size_t kMaxSimilarityBytes = 64;

double JaroWinkler(std::string_view a, std::string_view b);

// The same when it is at least `threshold`; otherwise some value below
// `threshold`, found sooner: the matching stops once too few bytes are
// left to reach it. For comparing many pairs against one threshold.
double JaroWinklerAtLeast(std::string_view a, std::string_view b, double threshold);

}  // namespace acctseg
