// The input formats and encodings beside plain UTF-8 CSV: TSV, declared
// single-byte encodings, classic Mac line ends, and the message for
// undeclared non-UTF-8 input. Each must give what the same data as UTF-8
// CSV gives.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "io/csv_reader_internal.h"
#include "io/table_file.h"
#include "io/text_encoding.h"
#include "io/utf8.h"
#include "util/read_values.h"

namespace acctseg {
namespace {

using Strings = std::vector<std::string>;

class TableSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "table_sources_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    csv_internal::SetChunkBytesForTesting(0);
    std::filesystem::remove_all(dir_);
  }

  std::string Write(const std::string& contents, const std::string& name) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  static CsvReadOptions Options(const std::string& path, Strings names,
                                TextEncoding encoding = TextEncoding::kUtf8, int threads = 1) {
    CsvReadOptions options;
    options.path = path;
    for (const std::string& name : names) options.columns.push_back({name, DataType::String()});
    options.format.encoding = encoding;
    options.threads = threads;
    return options;
  }

  std::string dir_;
};

TEST_F(TableSourcesTest, TsvGivesWhatTheSameCsvGives) {
  // Values with commas, quotes, tabs and newlines: each format quotes what
  // its delimiter needs, and both must read back the same rows and lines.
  std::string csv = "id,name,n\n", tsv = "id\tname\tn\n";
  for (int i = 0; i < 3000; ++i) {
    std::string id = "A" + std::to_string(i), n = std::to_string(i % 91 - 40);
    std::string name = i % 5 == 0   ? "Smith, Jones"
                       : i % 5 == 1 ? "say \"hi\""
                       : i % 5 == 2 ? "tab\there"
                       : i % 5 == 3 ? "two\nlines"
                                    : "plain " + std::to_string(i);
    auto quoted = [](const std::string& text) {
      std::string out = "\"";
      for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      return out + "\"";
    };
    bool csv_quote = name.find_first_of(",\"\n") != std::string::npos;
    bool tsv_quote = name.find_first_of("\t\"\n") != std::string::npos;
    csv += id + "," + (csv_quote ? quoted(name) : name) + "," + n + (i % 3 ? "\n" : "\r\n");
    tsv += id + "\t" + (tsv_quote ? quoted(name) : name) + "\t" + n + (i % 3 ? "\n" : "\r\n");
  }
  std::string csv_path = Write(csv, "in.csv");
  for (const char* name : {"in.tsv", "in.TAB"}) {
    std::string tsv_path = Write(tsv, name);
    for (int threads : {1, 2}) {
      csv_internal::SetChunkBytesForTesting(threads == 2 ? 4096 : 0);
      CsvReadOptions options = Options(csv_path, {"id", "name"}, TextEncoding::kUtf8, threads);
      options.columns.push_back({"n", DataType::Int64()});
      CsvReadResult from_csv = ReadTableFile(options);
      options.path = tsv_path;
      CsvReadResult from_tsv = ReadTableFile(options);
      ASSERT_EQ(from_tsv.table.row_count(), 3000u);
      for (const char* column : {"id", "name", "n"})
        EXPECT_EQ(testing::ColumnValues(from_csv, column), testing::ColumnValues(from_tsv, column))
            << column;
      EXPECT_EQ(from_csv.row_lines, from_tsv.row_lines);
      EXPECT_EQ(testing::ColumnValues(from_tsv, "name")[0],
                "Smith, Jones");  // a comma is data in TSV
    }
  }
}

TEST_F(TableSourcesTest, TsvErrorsAreLocated) {
  std::string path = Write("a\tb\n1\t2\n3\t4\t5\n", "in.tsv");
  EXPECT_EQ(testing::ReadTableError(Options(path, {"a"})),
            path + ":3:5: expected 2 fields (as in the header), found 3");
  path = Write("a\tb\n\"x\"y\t2\n", "bad.tsv");
  EXPECT_EQ(testing::ReadTableError(Options(path, {"a"})),
            path + ":2:4: text after the closing quote of a quoted field");
}

TEST_F(TableSourcesTest, MacRomanWithClassicMacLineEnds) {
  // "Café,Zürich" and "Œuvre, Inc.,Montréal" in Mac OS Roman, lines ended by
  // a lone CR as old Excel for Mac wrote them (the CrunchBase 2013 export).
  std::string path = Write(
      "name,city\rCaf\x8E,Z\x9Frich\r\"\xCEuvre, Inc.\",Montr\x8E"
      "al\r\r\xB9 Labs,\r",
      "companies.csv");
  CsvReadResult result = ReadTableFile(Options(path, {"name", "city"}, TextEncoding::kMacRoman));
  EXPECT_EQ(testing::ColumnValues(result, "name"), (Strings{"Café", "Œuvre, Inc.", "π Labs"}));
  EXPECT_EQ(testing::ColumnValues(result, "city"), (Strings{"Zürich", "Montréal", ""}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{2, 3, 5}));
  EXPECT_EQ(result.file_bytes, 54u);  // the file's size, not the converted text's
}

TEST_F(TableSourcesTest, ConvertedFileErrorsNameTheFilesLineAndColumn) {
  // Line 3 after two lone-CR lines; column 8 counts the file's bytes
  // ("Zürich" is 6 bytes in Mac Roman, 7 in UTF-8).
  std::string path = Write("name,n\rA,1\rZ\x9Frich,abc\r", "bad.csv");
  CsvReadOptions options = Options(path, {"name"}, TextEncoding::kMacRoman);
  options.columns.push_back({"n", DataType::Int64()});
  EXPECT_EQ(testing::ReadTableError(options),
            path +
                ":3:8: invalid integer \"abc\" in column \"n\" (expected an optional '-' and "
                "digits)");
}

TEST_F(TableSourcesTest, UndeclaredEncodingIsAClearError) {
  std::string path = Write("name,city\rCaf\x8E,Paris\r", "companies.csv");
  std::string error = testing::ReadTableError(Options(path, {"name"}));
  EXPECT_EQ(error, path + ":2:4: " + InvalidUtf8Message(0x8E, EncodingAdvice::kDeclare));
  EXPECT_NE(error.find("declare it with encoding: (one of utf-8, mac_roman, latin1"),
            std::string::npos)
      << error;
}

TEST_F(TableSourcesTest, Latin1AndWindows1252) {
  std::string bytes = "name\nd\xE9j\xE0\n\x80\x81\x9F\n";
  std::string path = Write(bytes, "in.csv");
  EXPECT_EQ(
      testing::ColumnValues(ReadTableFile(Options(path, {"name"}, TextEncoding::kLatin1)), "name"),
      (Strings{"déjà", "\u0080\u0081\u009F"}));
  // windows-1252: 0x80 is the euro sign, 0x9F is Ÿ, unassigned 0x81 stays U+0081.
  EXPECT_EQ(testing::ColumnValues(
                ReadTableFile(Options(path, {"name"}, TextEncoding::kWindows1252)), "name"),
            (Strings{"déjà", "€\u0081Ÿ"}));
}

TEST_F(TableSourcesTest, Utf8WithClassicMacLineEndsAndJsonLinesInLatin1) {
  std::string path = Write("a,b\r1,\xC3\xA9t\xC3\xA9\r2,x\r", "in.csv");
  CsvReadResult result = ReadTableFile(Options(path, {"a", "b"}));
  EXPECT_EQ(testing::ColumnValues(result, "b"), (Strings{"été", "x"}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{2, 3}));
  path = Write("{\"b\": \"\xE9t\xE9\"}\n", "in.jsonl");
  EXPECT_EQ(testing::ColumnValues(ReadTableFile(Options(path, {"b"}, TextEncoding::kLatin1)), "b"),
            (Strings{"été"}));
}

TEST(TextEncodingTest, NamesAndLineEnds) {
  EXPECT_EQ(ParseTextEncoding("UTF-8"), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("mac_roman"), TextEncoding::kMacRoman);
  EXPECT_EQ(ParseTextEncoding("MacRoman"), TextEncoding::kMacRoman);
  EXPECT_EQ(ParseTextEncoding("ISO-8859-1"), TextEncoding::kLatin1);
  EXPECT_EQ(ParseTextEncoding("cp1252"), TextEncoding::kWindows1252);
  EXPECT_EQ(ParseTextEncoding("ebcdic"), std::nullopt);
  EXPECT_STREQ(TextEncodingName(TextEncoding::kWindows1252), "windows-1252");
  EXPECT_TRUE(HasClassicMacLineEnds("a,b\rc"));
  EXPECT_TRUE(HasClassicMacLineEnds("a\r"));
  EXPECT_FALSE(HasClassicMacLineEnds("a,b\r\nc\rd"));
  EXPECT_FALSE(HasClassicMacLineEnds("a,b\nc\rd"));
  EXPECT_FALSE(HasClassicMacLineEnds("a,b"));
  EXPECT_EQ(ConvertToUtf8("a\rb\r\nc\r", TextEncoding::kUtf8, true), "a\nb\r\nc\n");
}

}  // namespace
}  // namespace acctseg
