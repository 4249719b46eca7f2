#include "common/csv_field.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

std::string Field(std::string_view text, bool escape_formulas) {
  std::string out;
  AppendCsvField(text, escape_formulas, out);
  EXPECT_EQ(out.size(), CsvFieldSize(text, escape_formulas)) << out;
  EXPECT_EQ(out == text, CsvFieldIsPlain(text, escape_formulas)) << out;
  return out;
}

TEST(CsvFieldTest, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(Field("plain", false), "plain");
  EXPECT_EQ(Field("", false), "");
  EXPECT_EQ(Field("a,b", false), "\"a,b\"");
  EXPECT_EQ(Field("say \"hi\"", false), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Field("two\nlines", false), "\"two\nlines\"");
  EXPECT_EQ(Field("=1+1", false), "=1+1");  // no guard unless asked
}

TEST(CsvFieldTest, GuardsEveryFormulaStart) {
  for (std::string text : {"=1+1", "+1", "-", "-5", "@SUM(A1)", "\tx"})
    EXPECT_EQ(Field(text, true), "'" + text) << text;
  EXPECT_EQ(Field("\rx", true), "\"'\rx\"");
  EXPECT_EQ(Field("=HYPERLINK(\"x\",\"y\")", true), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  for (std::string text : {"", "a=b", "1-2", "'=already", " =x"})
    EXPECT_EQ(Field(text, true), text) << text;
}

// The scan reads eight bytes at a time: a special in any place of a word,
// or of the tail after the last whole word, is found, and bytes that
// differ from a special by one bit (or only in the high bit) are not
// taken for one.
TEST(CsvFieldTest, FindsASpecialAnywhereInALongText) {
  for (char special : {',', '"', '\r', '\n'})
    for (size_t length : {1, 7, 8, 9, 15, 16, 17, 85})
      for (size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        text[at] = special;
        EXPECT_TRUE(CsvNeedsQuotes(text)) << length << " " << at;
      }
  for (char near : {'-', '.', '#', '\x0c', '\x0b', '\xac', '\xa2', '\x8a', '\x8d', '\0'})
    EXPECT_FALSE(CsvNeedsQuotes(std::string(37, near))) << static_cast<int>(near);
  EXPECT_FALSE(CsvNeedsQuotes("industry = Software: +0.12; employees = 5200: -0.08"));
}

}  // namespace
}  // namespace acctseg
