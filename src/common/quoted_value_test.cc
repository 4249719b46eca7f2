#include "common/quoted_value.h"

#include <gtest/gtest.h>

#include <string>

namespace acctseg {
namespace {

TEST(QuotedValue, PlainTextIsQuotedAsItIs) {
  EXPECT_EQ(QuotedValue("42abc"), "\"42abc\"");
  EXPECT_EQ(QuotedValue("Zürich \\ \"x\""), "\"Zürich \\ \"x\"\"");
  EXPECT_EQ(QuotedValue(""), "\"\"");
}

TEST(QuotedValue, ControlBytesAreEscapes) {
  // ESC ] 0 ; ... BEL retitles a terminal; CR rewrites the line; a NUL cut
  // the message off where C strings end.
  EXPECT_EQ(QuotedValue("\x1b]0;pwned\x07\x1b[2J"), "\"\\x1b]0;pwned\\x07\\x1b[2J\"");
  EXPECT_EQ(QuotedValue("1\rB"), "\"1\\rB\"");
  EXPECT_EQ(QuotedValue(std::string("A\0B", 3)), "\"A\\0B\"");
  EXPECT_EQ(QuotedValue("a\nb\tc\x7f"), "\"a\\nb\\tc\\x7f\"");
}

TEST(QuotedValue, InvisibleCharactersAndBadBytesAreEscapes) {
  EXPECT_EQ(QuotedValue("id\u200b"), "\"id\\u200b\"");
  EXPECT_EQ(QuotedValue("\ufeffid"), "\"\\ufeffid\"");
  EXPECT_EQ(QuotedValue("a\u00a0b"), "\"a\\u00a0b\"");
  EXPECT_EQ(QuotedValue("\xff\xc3"), "\"\\xff\\xc3\"");  // not UTF-8
}

TEST(QuotedValue, LongValuesAreCutWithTheirSize) {
  const std::string digits(1 << 20, '7');
  EXPECT_EQ(QuotedValue(digits), "\"" + std::string(kQuotedValueBytes, '7') + "\"... (1048576 bytes)");
  // Never inside a character: the two-byte ü at bytes 79-80 is shown whole.
  const std::string text = std::string(79, 'a') + "ü" + "tail";
  EXPECT_EQ(QuotedValue(text), "\"" + std::string(79, 'a') + "ü\"... (85 bytes)");
}

TEST(EscapedValue, EscapesWithoutQuotesOrCut) {
  EXPECT_EQ(EscapedValue("id\u200b"), "id\\u200b");
  EXPECT_EQ(EscapedValue(std::string(200, 'x')), std::string(200, 'x'));
}

}  // namespace
}  // namespace acctseg
