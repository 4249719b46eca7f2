#include "io/jsonl_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "io/table_file.h"
#include "io/utf8.h"
#include "util/read_values.h"

namespace acctseg {
namespace {

class JsonlReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "jsonl_reader_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& contents, const std::string& name = "in.jsonl") {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  static CsvColumnRequest Col(const std::string& name, DataType type) { return {name, type}; }

  static CsvReadOptions Options(const std::string& path, std::vector<CsvColumnRequest> columns,
                                int threads = 1) {
    CsvReadOptions options;
    options.path = path;
    options.columns = std::move(columns);
    options.threads = threads;
    return options;
  }

  static std::string ReadError(const CsvReadOptions& options) {
    return testing::ReadTableError(options);
  }
  static std::vector<std::string> Values(const CsvReadResult& result, const std::string& name) {
    return testing::ColumnValues(result, name);
  }

  std::string dir_;
};

using Strings = std::vector<std::string>;

TEST_F(JsonlReaderTest, TypesNullsAndMissingKeys) {
  std::string path = Write(
      "{\"id\": \"A1\", \"n\": 10, \"amount\": 0.1, \"flag\": true, \"name\": \"M\\u00fcller "
      "\\\"x\\\"\"}\n"
      "{\"id\": \"A2\", \"n\": \"-7\", \"amount\": \"0.2\", \"flag\": false, \"name\": null}\n"
      "{\"id\": \"A3\", \"n\": null, \"amount\": 12, \"flag\": \"1\", \"extra\": {\"a\": [1]}}\n");
  CsvReadResult result = ReadJsonLines(
      Options(path, {Col("id", DataType::String()), Col("n", DataType::Int64()),
                     Col("amount", DataType::Decimal(2)), Col("flag", DataType::Bool()),
                     Col("name", DataType::String())}));
  ASSERT_EQ(result.table.row_count(), 3u);
  EXPECT_EQ(Values(result, "n"), (Strings{"10", "-7", "<null>"}));
  EXPECT_EQ(Values(result, "amount"), (Strings{"10", "20", "1200"}));
  EXPECT_EQ(Values(result, "flag"), (Strings{"1", "0", "1"}));
  EXPECT_EQ(Values(result, "name"), (Strings{"Müller \"x\"", "", ""}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(result.table.column_count(), 5u);  // "extra" is ignored
}

TEST_F(JsonlReaderTest, DecimalsAreExactNeverBinaryFloat) {
  // 0.1 + 0.2 in binary is 0.30000000000000004; here the sum is exact.
  std::string path = Write("{\"a\": 0.1, \"b\": 0.2}\n{\"a\": 1234567890123.45, \"b\": -0.05}\n");
  CsvReadResult result = ReadJsonLines(
      Options(path, {Col("a", DataType::Decimal(2)), Col("b", DataType::Decimal(2))}));
  const Column* a = result.table.Find("a");
  const Column* b = result.table.Find("b");
  EXPECT_EQ(a->ints[0] + b->ints[0], 30);
  EXPECT_EQ(a->ints[1], 123456789012345);
  EXPECT_EQ(b->ints[1], -5);
  // More digits than the scale, and exponent form, are invalid, not rounded.
  EXPECT_EQ(ReadError(Options(Write("{\"a\": 0.125}\n"), {Col("a", DataType::Decimal(2))})),
            dir_ +
                "/in.jsonl:1:7: invalid decimal \"0.125\" in column \"a\" (expected an "
                "optional '-', digits and at most 2 after the point)");
  EXPECT_NE(ReadError(Options(Write("{\"a\": 1e2}\n"), {Col("a", DataType::Decimal(2))})), "");
}

// A decimal comma in a JSON string: JSON has no decimal mark to declare,
// so the message says how JSON writes the number instead.
TEST_F(JsonlReaderTest, ADecimalCommaSaysHowJsonWritesNumbers) {
  const std::string message =
      ReadError(Options(Write("{\"a\": \"1,5\"}\n"), {Col("a", DataType::Decimal(2))}));
  EXPECT_NE(message.find("JSON writes numbers with a point: 1234.50"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("decimal_mark"), std::string::npos) << message;
}

TEST_F(JsonlReaderTest, BlankLinesCrlfAndBomAreSkipped) {
  std::string path = Write("\xEF\xBB\xBF{\"a\": 1}\r\n\r\n  \n{\"a\": 2}\n\n");
  CsvReadResult result = ReadJsonLines(Options(path, {Col("a", DataType::Int64())}));
  EXPECT_EQ(Values(result, "a"), (Strings{"1", "2"}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{1, 4}));
}

TEST_F(JsonlReaderTest, ErrorsNameLineAndColumn) {
  auto error = [&](const std::string& text, DataType type = DataType::Int64()) {
    return ReadError(Options(Write(text), {Col("a", type)}));
  };
  std::string file = dir_ + "/in.jsonl:";
  EXPECT_EQ(error("{\"a\": 1}\n{\"a\": 2, \"a\": 3}\n"),
            file + "2:10: key \"a\" appears twice in this object");
  EXPECT_EQ(error("{\"a\": 1}\n[1]\n"), file + "2:1: expected a JSON object ('{') on this line");
  EXPECT_EQ(error("{\"a\": 1,}\n"), file + "1:9: expected a key string");
  EXPECT_EQ(error("{\"a\": 1} x\n"),
            file + "1:10: text after the JSON object (one object per line)");
  EXPECT_EQ(error("{\"a\": \"x\"}\n"),
            file +
                "1:7: invalid integer \"x\" in column \"a\" (expected an optional '-' and "
                "digits)");
  EXPECT_EQ(error("{\"a\": [1]}\n"),
            file + "1:7: an object or array in column \"a\" (expected a single value)");
  EXPECT_EQ(error("{\"a\": 1, \"b\": \"\xC3\x28\"}\n"),
            file + "1:16: " + InvalidUtf8Message(0xC3, EncodingAdvice::kDeclare));
  EXPECT_EQ(error("{\"a\": \"\\ud800\"}\n", DataType::String()),
            file + "1:8: invalid \\u escape (a high surrogate without its low half)");
  EXPECT_EQ(error("{\"a\": \"x\\u0000y\"}\n", DataType::String()),
            file + "1:7: a NUL character (\\u0000) in column \"a\", which no text holds");
  EXPECT_EQ(error("{\"a\": tru}\n"), file + "1:7: expected a JSON value");
  EXPECT_EQ(error("{\"a\": 01}\n"), file + "1:8: expected ',' or '}' after a value");
  EXPECT_EQ(error(std::string("{\"b\": ") + std::string(300, '[') + std::string(300, ']') + "}"),
            file + "1:263: nested deeper than 256 levels");
  EXPECT_EQ(error("\n\n"), dir_ + "/in.jsonl: empty file (expected JSON objects)");
  EXPECT_EQ(error("{\"b\": 1}\n"), dir_ + "/in.jsonl:1: missing key \"a\" (no line has it)");
}

TEST_F(JsonlReaderTest, NotNullOptionalAndInvalidIssueBit) {
  std::string path = Write("{\"a\": \"x\", \"b\": 1}\n{\"b\": 2}\n");
  CsvColumnRequest a = Col("a", DataType::Int64());
  a.invalid_issue_bit = 3;
  CsvColumnRequest c = Col("c", DataType::String());
  c.required = false;
  c.empty_is_null = true;
  CsvReadResult result = ReadJsonLines(Options(path, {a, c}));
  EXPECT_EQ(Values(result, "a"), (Strings{"<null>", "<null>"}));
  EXPECT_EQ(Values(result, "c"), (Strings{"<null>", "<null>"}));
  EXPECT_EQ(result.row_issues, (std::vector<uint64_t>{8, 0}));
  EXPECT_EQ(result.field_index, (std::vector<size_t>{1, 0}));
  EXPECT_EQ(result.invalid_rows, (std::vector<std::vector<uint64_t>>{{0}, {}}));
  CsvColumnRequest b = Col("b", DataType::Int64());
  b.not_null = true;
  a.not_null = true;
  EXPECT_EQ(ReadError(Options(path, {b, a})),
            dir_ + "/in.jsonl:2:1: empty value in column \"a\" (expected a value)");
}

TEST_F(JsonlReaderTest, KeepsOtherKeysInFirstSeenOrder) {
  std::string path = Write("{\"id\": 1, \"x\": \" a \"}\n{\"y\": true, \"id\": 2}\n");
  CsvReadOptions options = Options(path, {Col("id", DataType::Int64())});
  options.keep_other_columns = true;
  CsvReadResult result = ReadJsonLines(options);
  EXPECT_EQ(result.kept_columns, (Strings{"x", "y"}));
  EXPECT_EQ(Values(result, "x"), (Strings{" a ", ""}));
  EXPECT_EQ(Values(result, "y"), (Strings{"", "true"}));
}

TEST_F(JsonlReaderTest, SameTableAsTheCsvReader) {
  std::string csv = "id,n,amount,name\n";
  std::string jsonl;
  for (int i = 0; i < 5000; ++i) {
    std::string id = "A" + std::to_string(i);
    std::string name = "name" + std::to_string(i % 37);
    std::string amount = std::to_string(i * 7 % 1000) + "." + std::to_string(i % 10);
    csv += id + "," + std::to_string(i - 100) + "," + amount + "," + name + "\n";
    jsonl += "{\"name\": \"" + name + "\", \"id\": \"" + id +
             "\", \"n\": " + std::to_string(i - 100) + ", \"amount\": " + amount + "}\n";
  }
  std::vector<CsvColumnRequest> columns = {
      Col("id", DataType::String()), Col("n", DataType::Int64()),
      Col("amount", DataType::Decimal(2)), Col("name", DataType::String())};
  std::string csv_path = Write(csv, "in.csv");
  std::string jsonl_path = Write(jsonl, "in.NDJSON");
  for (int threads : {1, 2}) {
    CsvReadResult from_csv = ReadTableFile(Options(csv_path, columns, threads));
    CsvReadResult from_jsonl = ReadTableFile(Options(jsonl_path, columns, threads));
    ASSERT_EQ(from_jsonl.table.row_count(), 5000u);
    for (const CsvColumnRequest& column : columns)
      EXPECT_EQ(Values(from_csv, column.name), Values(from_jsonl, column.name)) << column.name;
  }
}

TEST(TableFileTest, ChoosesTheReaderByExtension) {
  EXPECT_TRUE(IsJsonLinesPath("a/b.jsonl"));
  EXPECT_TRUE(IsJsonLinesPath("B.NDJSON"));
  EXPECT_FALSE(IsJsonLinesPath("b.json"));
  EXPECT_FALSE(IsJsonLinesPath("jsonl"));
  EXPECT_FALSE(IsJsonLinesPath("b.csv"));
}

}  // namespace
}  // namespace acctseg
