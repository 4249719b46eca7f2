// Jaro-Winkler against the published examples (Winkler 1990; the values
// every implementation quotes) and its edge cases.
#include "steps/dedupe_similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace acctseg {
namespace {

TEST(JaroWinkler, KnownValues) {
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.961111, 1e-6);  // one transposition
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-6);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.813333, 1e-6);
  // Jaro (1 + 4/7 + 1) / 3 = 0.857; the 4-byte prefix adds 0.4 of the rest.
  EXPECT_NEAR(JaroWinkler("acme", "acme co"), 0.914286, 1e-6);
}

TEST(JaroWinkler, EqualEmptyAndDisjoint) {
  EXPECT_EQ(JaroWinkler("globex", "globex"), 1.0);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("", "a"), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(JaroWinkler, SymmetricAndCappedAtSixtyFourBytes) {
  for (auto [a, b] : {std::pair{"CRATE", "TRACE"},
                      {"acme corp", "corp acme"},
                      {"ab", "ba"},
                      {"initech", "intech"}})
    EXPECT_EQ(JaroWinkler(a, b), JaroWinkler(b, a)) << a << " / " << b;
  std::string base(kMaxSimilarityBytes, 'a');
  // Only the first 64 bytes are compared; alike there but different after
  // is just below 1, so that 1 means equal.
  EXPECT_LT(JaroWinkler(base + "xyz", base + "q"), 1.0);
  EXPECT_GT(JaroWinkler(base + "xyz", base + "q"), 0.9999999);
  EXPECT_EQ(JaroWinkler(base + "xyz", base + "xyz"), 1.0);
}

// The textbook algorithm, scanning the window byte by byte.
double ReferenceJaroWinkler(std::string a, std::string b) {
  if (a.size() > b.size() || (a.size() == b.size() && a > b)) std::swap(a, b);
  if (b.empty()) return 1.0;
  size_t window = b.size() / 2 > 0 ? b.size() / 2 - 1 : 0;
  std::vector<bool> a_matched(a.size()), b_matched(b.size());
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = i > window ? i - window : 0; j < std::min(i + window + 1, b.size()); ++j)
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = b_matched[j] = true;
        ++m;
        break;
      }
  if (m == 0) return 0.0;
  double t = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    t += a[i] != b[j++];
  }
  double jaro = (m / a.size() + m / b.size() + (m - t / 2) / m) / 3;
  size_t l = 0;
  while (l < 4 && l < a.size() && a[l] == b[l]) ++l;
  return jaro + l * 0.1 * (1 - jaro);
}

TEST(JaroWinkler, EqualsTheTextbookAlgorithm) {
  std::mt19937 random(3);
  auto text = [&] {
    std::string s(random() % 40, ' ');
    for (char& c : s) c = static_cast<char>('a' + random() % 5);  // few letters: many matches
    return s;
  };
  for (int k = 0; k < 20000; ++k) {
    std::string a = text(), b = text();
    const double expected = ReferenceJaroWinkler(a, b);
    ASSERT_DOUBLE_EQ(JaroWinkler(a, b), expected) << a << " / " << b;
    for (double threshold : {0.5, 0.8, 0.9, 0.95}) {
      const double at_least = JaroWinklerAtLeast(a, b, threshold);
      if (expected >= threshold)
        ASSERT_EQ(at_least, JaroWinkler(a, b)) << a << " / " << b << " at " << threshold;
      else
        ASSERT_LT(at_least, threshold) << a << " / " << b << " at " << threshold;
    }
  }
}

}  // namespace
}  // namespace acctseg
