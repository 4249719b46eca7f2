// Jaro-Winkler against the published examples (Winkler 1990; the values
// every implementation quotes) and its edge cases.
#include "steps/dedupe_similarity.h"

#include <gtest/gtest.h>

#include <string>

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
  EXPECT_EQ(JaroWinkler(base + "xyz", base + "q"), 1.0);  // only the first 64 bytes count
}

TEST(JaroWinkler, BoundIsNeverBelowTheMeasure) {
  const char* names[] = {"a", "ab", "acme", "acme co", "acme corporation", "globex", "xglobex", ""};
  for (const char* a : names)
    for (const char* b : names)
      EXPECT_GE(JaroWinklerBound(std::string(a).size(), std::string(b).size()) + 1e-12,
                JaroWinkler(a, b))
          << a << " / " << b;
}

}  // namespace
}  // namespace acctseg
