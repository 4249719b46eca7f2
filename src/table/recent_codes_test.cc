#include "table/recent_codes.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace acctseg {
namespace {

// Texts that share their first 8 bytes and size but differ later, texts
// of up to 8 bytes that differ only in their size (a trailing zero byte),
// and the empty text: RecentCodes must give exactly Intern's codes.
TEST(RecentCodes, GivesTheDictionarysCodes) {
  const std::vector<std::string> texts = {
      "Closed Won", "Closed Lost", "Closed Wox", "", "CA", std::string("CA\0", 3),
      "12345678",   "123456789",   "12345678A", "x"};
  std::mt19937_64 random(5);
  Dictionary through_cache, plain;
  RecentCodes codes(through_cache);
  for (int i = 0; i < 20000; ++i) {
    const std::string& text = texts[random() % texts.size()];
    ASSERT_EQ(codes.Intern(text), plain.Intern(text)) << "text \"" << text << "\"";
  }
  EXPECT_EQ(through_cache.size(), texts.size());
}

}  // namespace
}  // namespace acctseg
