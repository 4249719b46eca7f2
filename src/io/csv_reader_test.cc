#include "io/csv_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "io/csv_reader_internal.h"
#include "io/utf8.h"

namespace acctseg {
namespace {

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "csv_reader_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    csv_internal::SetChunkBytesForTesting(0);
    std::filesystem::remove_all(dir_);
  }

  std::string Write(const std::string& contents, const std::string& name = "accounts.csv") {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  static CsvColumnRequest Str(const std::string& name) { return {name, DataType::String()}; }
  static CsvColumnRequest Int(const std::string& name) { return {name, DataType::Int64()}; }

  static CsvReadResult Read(const std::string& path, std::vector<CsvColumnRequest> columns,
                            int threads = 1, bool keep = false) {
    CsvReadOptions options;
    options.path = path;
    options.columns = std::move(columns);
    options.threads = threads;
    options.keep_other_columns = keep;
    return ReadCsv(options);
  }

  // The message of the Error that reading throws ("" if none).
  static std::string ReadError(const std::string& path, std::vector<CsvColumnRequest> columns,
                               int threads = 1) {
    try {
      Read(path, std::move(columns), threads);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInput) << error.what();
      return error.what();
    }
    return "";
  }

  static std::vector<std::string> Strings(const CsvReadResult& result, const std::string& name) {
    const Column* column = result.table.Find(name);
    std::vector<std::string> values;
    for (size_t row = 0; row < column->size(); ++row)
      values.emplace_back(column->IsNull(row) ? "<null>" : std::string(column->StringAt(row)));
    return values;
  }

  std::string dir_;
};

TEST_F(CsvReaderTest, QuotedFieldsDoubledQuotesAndEmbeddedNewlines) {
  std::string path = Write(
      "account_id,name,employees\n"
      "A1,\"Acme, Inc.\",10\n"
      "A2,\"The \"\"Best\"\" Co\",20\n"
      "A3,\"Two\nLine\nName\",30\n"
      "A4,Müller & Söhne GmbH,40\n"
      "A5,\"\",\n");
  CsvReadResult result = Read(path, {Str("account_id"), Str("name"), Int("employees")});
  ASSERT_EQ(result.table.row_count(), 5u);
  EXPECT_EQ(Strings(result, "name"),
            (std::vector<std::string>{"Acme, Inc.", "The \"Best\" Co", "Two\nLine\nName",
                                      "Müller & Söhne GmbH", ""}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{2, 3, 4, 7, 8}));
  const Column* employees = result.table.Find("employees");
  EXPECT_EQ(employees->ints[2], 30);
  EXPECT_FALSE(employees->IsNull(3));
  EXPECT_TRUE(employees->IsNull(4));
  EXPECT_EQ(result.field_index, (std::vector<size_t>{1, 2, 3}));
}

TEST_F(CsvReaderTest, CrlfAndByteOrderMark) {
  std::string path = Write(
      "\xEF\xBB\xBF"
      "id,n\r\nA1,1\r\n\"A\r\n2\",2\r\nA3,\"3\"\r\n");
  CsvReadResult result = Read(path, {Str("id"), Int("n")});
  EXPECT_EQ(Strings(result, "id"), (std::vector<std::string>{"A1", "A\r\n2", "A3"}));
  EXPECT_EQ(result.table.Find("n")->ints, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{2, 3, 5}));
}

TEST_F(CsvReaderTest, NoFinalNewlineAndBlankLines) {
  std::string path = Write("id,n\nA1,1\n\nA2,2");
  CsvReadResult result = Read(path, {Str("id"), Int("n")});
  EXPECT_EQ(Strings(result, "id"), (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(result.row_lines.All(), (std::vector<uint64_t>{2, 4}));
}

TEST_F(CsvReaderTest, ColumnsInAnyOrderExtraColumnsIgnoredOrKept) {
  std::string path = Write("extra1,n, id ,extra2\nx,1,A1,y\n\" x \",2,A2,z\n");
  CsvReadResult plain = Read(path, {Str("id"), Int("n")});
  EXPECT_EQ(plain.table.names(), (std::vector<std::string>{"id", "n"}));
  EXPECT_EQ(plain.field_index, (std::vector<size_t>{3, 2}));
  EXPECT_TRUE(plain.kept_columns.empty());

  CsvReadResult kept = Read(path, {Str("id"), Int("n")}, 1, /*keep=*/true);
  EXPECT_EQ(kept.table.names(), (std::vector<std::string>{"id", "n", "extra1", "extra2"}));
  EXPECT_EQ(kept.kept_columns, (std::vector<std::string>{"extra1", "extra2"}));
  EXPECT_EQ(Strings(kept, "extra1"), (std::vector<std::string>{"x", " x "}));  // untrimmed
}

TEST_F(CsvReaderTest, TrimsSpacesAndTabsOnly) {
  std::string path = Write(
      "id,n\n \tA1\t ,  7 \n\xC2\xA0"
      "A2,\" -8\t\"\n");
  CsvReadResult result = Read(path, {Str("id"), Int("n")});
  EXPECT_EQ(Strings(result, "id"), (std::vector<std::string>{"A1",
                                                             "\xC2\xA0"
                                                             "A2"}));
  EXPECT_EQ(result.table.Find("n")->ints, (std::vector<int64_t>{7, -8}));

  CsvColumnRequest untrimmed = Str("id");
  untrimmed.trim = false;
  CsvReadResult raw = Read(path, {untrimmed});
  EXPECT_EQ(Strings(raw, "id")[0], " \tA1\t ");
}

TEST_F(CsvReaderTest, EmptyValues) {
  std::string path = Write("s,t,n,d,b\n,,,,\n");
  CsvColumnRequest null_string = Str("t");
  null_string.empty_is_null = true;
  CsvReadResult result =
      Read(path,
           {Str("s"), null_string, Int("n"), {"d", DataType::Decimal(2)}, {"b", DataType::Bool()}});
  EXPECT_EQ(Strings(result, "s"), (std::vector<std::string>{""}));
  EXPECT_EQ(Strings(result, "t"), (std::vector<std::string>{"<null>"}));
  EXPECT_TRUE(result.table.Find("n")->IsNull(0));
  EXPECT_TRUE(result.table.Find("d")->IsNull(0));
  EXPECT_TRUE(result.table.Find("b")->IsNull(0));
  EXPECT_FALSE(result.table.Find("s")->HasNulls());
}

TEST_F(CsvReaderTest, TypedValues) {
  std::string path = Write("n,d,b\n-12,45.6,TRUE\n0,-0.05,false\n9223372036854775807,3,1\n,,0\n");
  CsvReadResult result =
      Read(path, {Int("n"), {"d", DataType::Decimal(2)}, {"b", DataType::Bool()}});
  EXPECT_EQ(result.table.Find("n")->ints[0], -12);
  EXPECT_EQ(result.table.Find("n")->ints[2], INT64_MAX);
  EXPECT_EQ(result.table.Find("d")->ints, (std::vector<int64_t>{4560, -5, 300, 0}));
  EXPECT_EQ(result.table.Find("b")->ints, (std::vector<int64_t>{1, 0, 1, 0}));
  EXPECT_TRUE(result.table.Find("d")->IsNull(3));
}

TEST_F(CsvReaderTest, InvalidIntegersAreLocated) {
  for (const char* bad : {"12a", "12.0", "1e3", "+5", "1 2", "-"}) {
    std::string path =
        Write(std::string("account_id,name,employees\nA1,\"Multi\nLine\",5\nA2,B,") + bad + "\n");
    EXPECT_EQ(ReadError(path, {Str("account_id"), Int("employees")}),
              path + ":4:6: invalid integer \"" + bad +
                  "\" in column \"employees\" (expected an optional '-' and digits)");
  }
  // Digits, but past the 64-bit range: the message says so, not "expected digits".
  std::string path = Write("account_id,employees\nA1,-99999999999999999999\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), Int("employees")}),
            path +
                ":2:4: integer \"-99999999999999999999\" in column \"employees\" is out of "
                "range (a 64-bit integer: -9223372036854775808 to 9223372036854775807)");
  path = Write("account_id,d\nA1,92233720368547758.08\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), {"d", DataType::Decimal(2)}}),
            path +
                ":2:4: decimal \"92233720368547758.08\" in column \"d\" is out of range "
                "(decimal(2): -92233720368547758.08 to 92233720368547758.07)");
  // A point with no digits after it is malformed, not out of range.
  path = Write("account_id,d\nA1,1.\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), {"d", DataType::Decimal(2)}}),
            path +
                ":2:4: invalid decimal \"1.\" in column \"d\" (expected an optional '-', "
                "digits and at most 2 after the point)");
}

TEST_F(CsvReaderTest, ValuesInMessagesShowWhatIsThere) {
  // Control bytes as escapes (ESC rewrote the terminal, CR the line), and
  // a long value cut with its size.
  std::string path = Write("account_id,employees\nA1,1\x1b[2J\r\x07\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), Int("employees")}),
            path +
                ":2:4: invalid integer \"1\\x1b[2J\\r\\x07\" in column \"employees\" (expected "
                "an optional '-' and digits)");
  // A NUL is no text at all: the file is refused where it is.
  path = Write(std::string("account_id,name\nA1,ab\0cd\n", 25));
  EXPECT_EQ(ReadError(path, {Str("account_id"), Str("name")}),
            path + ":2:6: " + InvalidUtf8Message(0, EncodingAdvice::kDeclare));
  path = Write("account_id,employees\nA1,x" + std::string(200, '7') + "\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), Int("employees")}),
            path + ":2:4: invalid integer \"x" + std::string(79, '7') +
                "\"... (201 bytes) in column \"employees\" (expected an optional '-' and digits)");
}

TEST_F(CsvReaderTest, InvalidDecimalAndBool) {
  std::string path = Write("d,b\n1.234,true\n");
  EXPECT_EQ(ReadError(path, {{"d", DataType::Decimal(2)}}),
            path +
                ":2:1: invalid decimal \"1.234\" in column \"d\" (expected an optional '-', "
                "digits and at most 2 after the point)");
  path = Write("d,b\n1.2,yes\n");
  EXPECT_EQ(ReadError(path, {{"b", DataType::Bool()}}),
            path + ":2:5: invalid boolean \"yes\" in column \"b\" (expected true, false, 1 or 0)");
}

TEST_F(CsvReaderTest, InvalidValueBecomesIssue) {
  std::string path = Write("n\n1\nx\n3\n");
  CsvColumnRequest request = Int("n");
  request.invalid_issue_bit = 5;
  CsvReadResult result = Read(path, {request});
  EXPECT_EQ(result.row_issues, (std::vector<uint64_t>{0, 1u << 5, 0}));
  EXPECT_TRUE(result.table.Find("n")->IsNull(1));
  EXPECT_EQ(result.table.Find("n")->ints[2], 3);

  std::string clean = Write("n\n1\n", "clean.csv");
  EXPECT_TRUE(Read(clean, {request}).row_issues.empty());
}

// Columns sharing an issue bit: the bit says a row had an invalid value,
// invalid_rows says whose (chunks of several threads keep the file's rows).
TEST_F(CsvReaderTest, InvalidRowsAreKeptPerColumn) {
  std::string csv = "n,m\n";
  std::vector<uint64_t> n_rows, m_rows;
  for (uint64_t row = 0; row < 20000; ++row) {
    const bool n_bad = row % 997 == 3, m_bad = row % 1999 == 5 || row == 3;
    csv += (n_bad ? "x" : std::to_string(row)) + "," + (m_bad ? "1.5" : "") + "\n";
    if (n_bad) n_rows.push_back(row);
    if (m_bad) m_rows.push_back(row);
  }
  std::string path = Write(csv);
  CsvColumnRequest n = Int("n"), m = Int("m");
  n.invalid_issue_bit = m.invalid_issue_bit = 2;
  csv_internal::SetChunkBytesForTesting(4096);  // many chunks; TearDown resets it
  for (int threads : {1, 4}) {
    CsvReadResult result = Read(path, {n, m}, threads);
    ASSERT_EQ(result.invalid_rows.size(), 2u);
    EXPECT_EQ(result.invalid_rows[0], n_rows) << threads;
    EXPECT_EQ(result.invalid_rows[1], m_rows) << threads;
  }
  EXPECT_TRUE(Read(Write("n,m\n1,\n", "clean.csv"), {n, m}).invalid_rows.empty());
}

TEST_F(CsvReaderTest, RaggedRows) {
  std::string path = Write("a,b,c\n1,2,3\n1,2\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":3:1: expected 3 fields (as in the header), found 2");
  path = Write("a,b,c\n1,2,3\n1,\"2\n\",3,4,5\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path +
                ":4:5: expected 3 fields (as in the header), found 5 (a value with a comma in "
                "it must be in double quotes)");
  // A value of the wrong type in a row of the wrong length: the length is
  // the mistake ("1,100.04" unquoted), not the value shifted into
  // another column.
  std::string shifted = Write("id,amount,employees\nA1,1,100.04,7\nA2,5\n", "shifted.csv");
  EXPECT_EQ(ReadError(shifted, {Str("id"), {"amount", DataType::Decimal(2)}, Int("employees")}),
            shifted +
                ":2:13: expected 3 fields (as in the header), found 4 (a value with a "
                "comma in it must be in double quotes)");
  shifted = Write("id,amount,employees\nA2,5.5\n", "short.csv");
  EXPECT_EQ(ReadError(shifted, {Str("id"), Int("amount"), Int("employees")}),
            shifted + ":2:1: expected 3 fields (as in the header), found 2");
  // A bad byte in a value of a short row: the encoding is the mistake (a
  // Latin-1 file is not a ragged one).
  shifted = Write("id,amount,employees\nA,5\xe9\n", "latin1.csv");
  EXPECT_NE(ReadError(shifted, {Str("id"), Int("amount"), Int("employees")}).find("invalid UTF-8"),
            std::string::npos);
  // With the right number of fields, the value is the mistake.
  shifted = Write("id,amount,employees\nA2,5.5,3\n", "value.csv");
  EXPECT_EQ(ReadError(shifted, {Str("id"), Int("amount"), Int("employees")}),
            shifted +
                ":2:4: invalid integer \"5.5\" in column \"amount\" (expected an optional "
                "'-' and digits)");
}

TEST_F(CsvReaderTest, QuotingErrors) {
  std::string path = Write("a,b\n1,\"never closed\n2,3\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":2:3: unterminated quoted field (this quote is never closed)");
  path = Write("a,b\n1,\"x\"y\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":2:6: text after the closing quote of a quoted field");
  // A field whose closing quote is missing runs on to the next quote, lines
  // later: the error names where it opened, not where the run-on stopped.
  path = Write("a,b,c\n1,\"East,2\n3,\"West\",4\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path +
                ":2:3: this quote opens a field that runs over a line end, and text follows where "
                "it closes: is its closing quote missing?");
  path = Write("a,b\n1,5\" screen\n");
  EXPECT_EQ(
      ReadError(path, {Str("a")}),
      path + ":2:4: quote inside an unquoted field (quote the whole field and double the quote)");
}

TEST_F(CsvReaderTest, InvalidUtf8IsLocated) {
  std::string path = Write(
      "a,b\nok,fine\nx,ab\xFF"
      "c\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":3:5: " + InvalidUtf8Message(0xFF, EncodingAdvice::kDeclare));
  // Overlong encoding and a truncated sequence at the end of the file.
  path = Write("a\n\xC0\xAF\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":2:1: " + InvalidUtf8Message(0xC0, EncodingAdvice::kDeclare));
  path = Write("a\nxy\xE2\x82");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":2:3: " + InvalidUtf8Message(0xE2, EncodingAdvice::kDeclare));
  path = Write("a,b\xFE\n1,2\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":1:4: " + InvalidUtf8Message(0xFE, EncodingAdvice::kDeclare));
}

// A file that cannot declare an encoding (a plan's reps or owners) is told
// to convert itself, in the header and in a row alike: the advice to write
// encoding: pointed at a key such a file has nowhere to put.
TEST_F(CsvReaderTest, InvalidUtf8InAFileWithoutEncodingAdvisesConverting) {
  for (const char* text : {"a,b\n1,R\xE9"
                           "1\n",
                           "a,b\xE9\n1,2\n"}) {
    std::string path = Write(text);
    CsvReadOptions options{path, {Str("a")}};
    options.encoding_advice = EncodingAdvice::kConvert;
    try {
      ReadCsv(options);
      ADD_FAILURE() << "no error for " << path;
    } catch (const Error& error) {
      std::string message = error.what();
      EXPECT_NE(message.find("invalid UTF-8 (byte 0xE9); this file must be UTF-8"),
                std::string::npos)
          << message;
      EXPECT_NE(message.find("convert it"), std::string::npos) << message;
      EXPECT_EQ(message.find("declare it with"), std::string::npos) << message;
    }
  }
}

TEST_F(CsvReaderTest, EmptyFile) {
  std::string path = Write("");
  EXPECT_EQ(ReadError(path, {Str("a")}), path + ": empty file (expected a header line)");
  path = Write("\xEF\xBB\xBF");
  EXPECT_EQ(ReadError(path, {Str("a")}), path + ": empty file (expected a header line)");
}

TEST_F(CsvReaderTest, MissingFileIsIoError) {
  try {
    Read(dir_ + "/nope.csv", {Str("a")});
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(error.what()).find("nope.csv"), std::string::npos);
  }
}

TEST_F(CsvReaderTest, HeaderOnly) {
  for (const char* contents : {"a,n\n", "a,n"}) {
    CsvReadResult result = Read(Write(contents), {Str("a"), Int("n")});
    EXPECT_EQ(result.table.row_count(), 0u);
    EXPECT_EQ(result.table.column_count(), 2u);
    EXPECT_TRUE(result.row_lines.empty());
  }
}

TEST_F(CsvReaderTest, MissingAndOptionalColumns) {
  std::string path = Write("account_id,name\nA1,x\n");
  EXPECT_EQ(ReadError(path, {Str("account_id"), Int("employees")}),
            path + ":1: missing column \"employees\" (the header has: account_id, name)");
  // A name that differs only in case is named: it is most likely the one meant.
  path = Write("Account_ID,name\nA1,x\n");
  EXPECT_EQ(
      ReadError(path, {Str("account_id")}),
      path +
          ":1: missing column \"account_id\" (the header has: Account_ID, name); did you mean "
          "\"Account_ID\"? column names are case-sensitive");
  CsvColumnRequest employees = Int("employees");
  employees.required = false;
  CsvColumnRequest parent = Str("parent_id");
  parent.required = false;
  CsvReadResult result = Read(path, {employees, parent, Str("name")});
  EXPECT_TRUE(result.table.Find("employees")->IsNull(0));
  EXPECT_EQ(Strings(result, "parent_id"), (std::vector<std::string>{""}));
  EXPECT_EQ(result.field_index, (std::vector<size_t>{0, 0, 2}));
}

TEST_F(CsvReaderTest, DuplicateRequestedHeaderName) {
  std::string path = Write("a,b,a\n1,2,3\n");
  EXPECT_EQ(ReadError(path, {Str("a")}),
            path + ":1:5: column \"a\" appears more than once in the header");
  EXPECT_EQ(Read(path, {Str("b")}).table.row_count(), 1u);  // not requested: fine
}

// A header read as one column names the separator it holds and what to do.
TEST_F(CsvReaderTest, AHeaderOfOneColumnNamesItsSeparator) {
  const std::string semicolons = Write("a;b\n1;2\n", "semicolons.csv");
  EXPECT_EQ(ReadError(semicolons, {Str("a"), Str("b")}),
            semicolons +
                ":1: missing column \"a\" (the header has: a;b); the header is one column: is the "
                "file separated by \";\" rather than \",\"? (declare delimiter: \";\" on the "
                "policy's input or table, and decimal_mark: \",\" if its numbers are written "
                "1234,50; docs/spreadsheet-exports.md)");
  const std::string tabs = Write("a\tb\n1\t2\n");
  EXPECT_NE(ReadError(tabs, {Str("a"), Str("b")})
                .find("is the file separated by tabs rather than \",\"? (a tab-separated file is "
                      "read as such when its name ends in .tsv or .tab: rename it, or declare "
                      "delimiter: tab on the policy's input or table"),
            std::string::npos);
  // A flag's file has no declaration to make: it is saved again.
  CsvReadOptions flag_file;
  flag_file.path = semicolons;
  flag_file.columns = {Str("a"), Str("b")};
  flag_file.encoding_advice = EncodingAdvice::kConvert;
  try {
    ReadCsv(flag_file);
    ADD_FAILURE() << "read";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("(save the file with \",\" between fields"),
              std::string::npos)
        << error.what();
  }
}

// Excel saves "CSV" with ';' between fields and ',' before decimals where
// ',' is the decimal mark (much of Europe); declared, such a file reads as
// the same numbers, quoted fields and all.
TEST_F(CsvReaderTest, SemicolonsAndDecimalCommasAsDeclared) {
  const std::string path = Write(
      "id;name;arr;employees\n"
      "A1;\"Müller; Söhne\";1234,50;12\n"
      "A2;Acme;-0,05;7\n"
      "A3;Blank;;3\n"
      "A4;Whole;17;1\n");
  CsvReadOptions options;
  options.path = path;
  options.columns = {Str("id"), Str("name"), {"arr", DataType::Decimal(2)}, Int("employees")};
  options.format.delimiter = ';';
  options.format.decimal_mark = ',';
  CsvReadResult result = ReadCsv(options);
  ASSERT_EQ(result.table.row_count(), 4u);
  EXPECT_EQ(Strings(result, "name"),
            (std::vector<std::string>{"Müller; Söhne", "Acme", "Blank", "Whole"}));
  const Column* arr = result.table.Find("arr");
  EXPECT_EQ(arr->ints[0], 123450);
  EXPECT_EQ(arr->ints[1], -5);
  EXPECT_TRUE(arr->IsNull(2));
  EXPECT_EQ(arr->ints[3], 1700);
  EXPECT_EQ(result.table.Find("employees")->ints[0], 12);

  // A point in such a number separates thousands: formatted, and refused.
  const std::string thousands = Write("id;arr\nA1;1.234,50\n");
  options.path = thousands;
  options.columns = {Str("id"), {"arr", DataType::Decimal(2)}};
  try {
    ReadCsv(options);
    ADD_FAILURE() << "read";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              thousands +
                  ":2:4: invalid decimal \"1.234,50\" in column \"arr\" (expected an optional "
                  "'-', digits and at most 2 after the decimal comma, no thousands separators); "
                  "formatted by a spreadsheet? export the column as plain numbers "
                  "(docs/spreadsheet-exports.md), or give it invalid_issue: to read such values "
                  "as NULL with an issue code");
  }

  // '|' is read the same way; its decimals keep their point.
  const std::string pipes = Write("id|arr\nA1|\"a|b\"\nA2|2.5\n");
  options.path = pipes;
  options.columns = {Str("id"), Str("arr")};
  options.format = CsvFormat{};
  options.format.delimiter = '|';
  EXPECT_EQ(Strings(ReadCsv(options), "arr"), (std::vector<std::string>{"a|b", "2.5"}));
}

// A ';' file the one-column test missed: a header name with a comma in it,
// every name quoted (LibreOffice, CRM exports), Excel's "sep=;" line; and
// a declaration the file does not match, which is the one to change.
TEST_F(CsvReaderTest, OtherSeparatorsFoundWhereverTheHeaderShowsThem) {
  const auto error = [&](const std::string& path, std::vector<CsvColumnRequest> columns,
                         CsvFormat format = {}) {
    CsvReadOptions options;
    options.path = path;
    options.columns = std::move(columns);
    options.format = format;
    try {
      ReadCsv(options);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string comma_name = Write("id;Umsatz, EUR\n1;2\n", "comma_name.csv");
  EXPECT_NE(error(comma_name, {Str("id")})
                .find("the header holds \";\": is the file separated by \";\" rather than \",\"? "
                      "(declare delimiter: \";\""),
            std::string::npos)
      << error(comma_name, {Str("id")});
  const std::string quoted = Write("\"id\";\"name\"\n\"1\";\"a\"\n", "quoted.csv");
  EXPECT_NE(error(quoted, {Str("id")})
                .find("text after the closing quote of a quoted field; is the file separated by "
                      "\";\" rather than \",\"? (declare delimiter: \";\""),
            std::string::npos)
      << error(quoted, {Str("id")});
  const std::string sep = Write("sep=;\nid;name\n1;a\n", "sep.csv");
  EXPECT_NE(error(sep, {Str("id")})
                .find("the first line is Excel's \"sep=\" line, not the "
                      "header: delete it"),
            std::string::npos)
      << error(sep, {Str("id")});
  CsvFormat declared;
  declared.delimiter = ';';
  declared.delimiter_declared = true;
  declared.decimal_mark = ',';
  const std::string commas = Write("id,amount\n1,2.5\n", "commas.csv");
  EXPECT_NE(error(commas, {Str("id")}, declared)
                .find("(the policy declares delimiter: \";\" for it; declare delimiter: \",\" "
                      "and leave out decimal_mark: \",\""),
            std::string::npos)
      << error(commas, {Str("id")}, declared);
}

// Thousands grouped by a space or ' (French, Swiss) get the spreadsheet's
// fix too; a space that groups nothing does not.
TEST_F(CsvReaderTest, ThousandsGroupedBySpacesAreFormatted) {
  for (const char* value : {"1 234.50", "1'234.50", "12 345 678"}) {
    const std::string path = Write(std::string("id,arr\nA1,") + value + "\n");
    EXPECT_NE(ReadError(path, {Str("id"), {"arr", DataType::Decimal(2)}})
                  .find("formatted by a spreadsheet?"),
              std::string::npos)
        << value;
  }
  const std::string path = Write("id,arr\nA1,1 2\n");
  EXPECT_EQ(ReadError(path, {Str("id"), {"arr", DataType::Decimal(2)}}).find("spreadsheet"),
            std::string::npos);
}

// Read with a decimal point, "1234,50" may be a decimal comma or a
// thousands separator: the message names both and the fix of each.
TEST_F(CsvReaderTest, ACommaInANumberNamesDecimalMark) {
  const std::string path = Write("id,arr\nA1,\"1234,50\"\n");
  EXPECT_EQ(ReadError(path, {Str("id"), {"arr", DataType::Decimal(2)}}),
            path +
                ":2:4: invalid decimal \"1234,50\" in column \"arr\" (expected an optional '-', "
                "digits and at most 2 after the point); if ',' is the file's decimal mark "
                "(1234,50), declare decimal_mark: \",\" on the input or table; if it separates "
                "thousands (1,200), export the column as plain numbers "
                "(docs/spreadsheet-exports.md)");
}

// A number or a date as a spreadsheet shows it to people says so and what to
// do; a value that is simply wrong does not get the hint.
TEST_F(CsvReaderTest, SpreadsheetFormattedValuesSaySo) {
  const std::string money = Write("id,arr\nA1,\"$1,200.50\"\n");
  EXPECT_EQ(ReadError(money, {Str("id"), {"arr", DataType::Decimal(2)}}),
            money +
                ":2:4: invalid decimal \"$1,200.50\" in column \"arr\" (expected an optional "
                "'-', digits and at most 2 after the point); formatted by a spreadsheet? export "
                "the column as plain numbers (docs/spreadsheet-exports.md), or give it "
                "invalid_issue: to read such values as NULL with an issue code");
  for (const char* day : {"31/12/2025", "Dec 31 2025", "45657"}) {
    const std::string dates = Write(std::string("id,since\nA1,") + day + "\n");
    EXPECT_NE(ReadError(dates, {Str("id"), {"since", DataType::Date()}})
                  .find("formatted by a spreadsheet? format the column as yyyy-mm-dd"),
              std::string::npos)
        << day;
  }
  const std::string wrong = Write("id,n\nA1,abc\n");
  EXPECT_EQ(ReadError(wrong, {Str("id"), Int("n")}).find("spreadsheet"), std::string::npos);
}

// Kept columns go out by their names: a name twice, or none (the empty cells
// Excel leaves after the last column), is refused saying why.
TEST_F(CsvReaderTest, KeptColumnsNeedANameOfTheirOwn) {
  const std::string twice = Write("a,b,b\n1,2,3\n");
  const auto kept_error = [&](const std::string& path) {
    try {
      Read(path, {Str("a")}, 1, true);
    } catch (const Error& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  EXPECT_EQ(kept_error(twice),
            twice +
                ":1:5: column \"b\" appears more than once in the header: --keep-columns keeps "
                "every column by its name; rename one");
  const std::string nameless = Write("a,b,,\n1,2,,\n");
  EXPECT_EQ(kept_error(nameless),
            nameless +
                ":1:5: column 3 of the header has no name (empty cells a spreadsheet left after "
                "the last column?): --keep-columns keeps every column by its name; name it or "
                "delete the empty columns");
  EXPECT_EQ(Read(nameless, {Str("a")}).table.row_count(), 1u);  // not kept: fine
}

// A file of many rows whose quoted, multi-line names straddle any small chunk
// boundary; every chunking and thread count must give the same table.
TEST_F(CsvReaderTest, ChunkingDoesNotChangeTheResult) {
  std::string contents = "id,name,n\n";
  std::vector<uint64_t> expected_lines;
  uint64_t line = 2;
  for (int i = 0; i < 3000; ++i) {
    expected_lines.push_back(line);
    std::string name;
    switch (i % 4) {
      case 0:
        name = "Plain " + std::to_string(i % 97);
        break;
      case 1:
        name = "\"Comma, \"\"quoted\"\" " + std::to_string(i % 13) + "\"";
        break;
      case 2:
        name = "\"Multi\nline,\r\n" + std::to_string(i) + "\"";
        line += 2;
        break;
      default:
        name = "\"Ünïcödé " + std::to_string(i % 7) + "\"";
        break;
    }
    contents += "A" + std::to_string(i) + "," + name + "," + std::to_string(i * 7 - 500) + "\n";
    ++line;
  }
  std::string path = Write(contents);
  std::vector<CsvColumnRequest> columns = {Str("id"), Str("name"), Int("n")};
  CsvReadResult baseline = Read(path, columns, 1);
  ASSERT_EQ(baseline.table.row_count(), 3000u);
  EXPECT_EQ(baseline.row_lines.All(), expected_lines);
  EXPECT_EQ(Strings(baseline, "name")[1], "Comma, \"quoted\" 1");
  EXPECT_EQ(Strings(baseline, "name")[2], "Multi\nline,\r\n2");
  for (size_t chunk_bytes : {7, 64, 1000, 4096}) {
    csv_internal::SetChunkBytesForTesting(chunk_bytes);
    for (int threads : {1, 4}) {
      CsvReadResult result = Read(path, columns, threads);
      SCOPED_TRACE("chunk_bytes " + std::to_string(chunk_bytes) + " threads " +
                   std::to_string(threads));
      EXPECT_EQ(result.row_lines, baseline.row_lines);
      EXPECT_EQ(Strings(result, "id"), Strings(baseline, "id"));
      EXPECT_EQ(Strings(result, "name"), Strings(baseline, "name"));
      EXPECT_EQ(result.table.Find("n")->ints, baseline.table.Find("n")->ints);
      // Same distinct values, coded in the same order.
      EXPECT_EQ(result.table.Find("name")->codes, baseline.table.Find("name")->codes);
      EXPECT_EQ(result.table.Find("name")->dictionary->size(),
                baseline.table.Find("name")->dictionary->size());
    }
  }
}

// The parse writes each column in a width chosen from the file's first
// rows; values past the sample that do not fit it (larger numbers, more
// distinct strings than a byte of chunk codes holds) must come out exact,
// in whatever chunks and threads they fall.
TEST_F(CsvReaderTest, ValuesBeyondTheSampledWidthsKeepTheirValues) {
  std::string contents = "id,small,big,flag,kind\n";
  std::vector<int64_t> small, big;
  std::vector<std::string> kinds;
  for (int i = 0; i < 4000; ++i) {
    // The first 2000 rows fit a byte; then values up to 2^40, and kinds
    // from 3 to 600 distinct.
    const int64_t s = i < 2000 ? i % 100 : (i % 3 == 0 ? -40000 - i : 300 + i);
    const int64_t b = i < 2000 ? i % 7 : (int64_t{1} << 40) + i;
    const std::string kind = "k" + std::to_string(i < 2000 ? i % 3 : i % 600);
    small.push_back(s);
    big.push_back(b);
    kinds.push_back(kind);
    contents += "A" + std::to_string(i) + "," + std::to_string(s) + "," + std::to_string(b) + "," +
                (i % 2 ? "true" : "false") + "," + kind + "\n";
  }
  std::string path = Write(contents);
  std::vector<CsvColumnRequest> columns = {
      Str("id"), Int("small"), Int("big"), {"flag", DataType::Bool()}, Str("kind")};
  for (size_t chunk_bytes : {0, 500, 9000}) {
    csv_internal::SetChunkBytesForTesting(chunk_bytes);
    for (int threads : {1, 3}) {
      SCOPED_TRACE("chunk_bytes " + std::to_string(chunk_bytes) + " threads " +
                   std::to_string(threads));
      CsvReadResult result = Read(path, columns, threads);
      EXPECT_EQ(result.table.Find("small")->ints.ToVector(), small);
      EXPECT_EQ(result.table.Find("big")->ints.ToVector(), big);
      EXPECT_EQ(result.table.Find("big")->ints.width(), 8);
      EXPECT_EQ(Strings(result, "kind"), kinds);
      EXPECT_EQ(result.table.Find("kind")->codes.width(), 2);  // 600 kinds
      const Column& flag = *result.table.Find("flag");
      for (size_t row = 0; row < 4000; ++row) ASSERT_EQ(flag.ints[row], row % 2) << row;
    }
  }
}

TEST_F(CsvReaderTest, FirstErrorInFileOrderWins) {
  std::string contents = "id,n\n";
  for (int i = 0; i < 2000; ++i) {
    std::string value = std::to_string(i);
    if (i == 1500) value = "bad1500";  // line 1503
    if (i == 1800) value = "1,2";      // ragged, later
    contents += "\"A\n" + std::to_string(i) + "\"," + value + "\n";
  }
  std::string path = Write(contents);
  for (size_t chunk_bytes : {0, 50, 333}) {
    csv_internal::SetChunkBytesForTesting(chunk_bytes);
    for (int threads : {1, 4}) {
      // Row i starts on line 2 + 2i; its value is on the next line, after
      // `1500",`.
      EXPECT_EQ(ReadError(path, {Str("id"), Int("n")}, threads),
                path + ":" + std::to_string(3 + 2 * 1500) +
                    ":7: invalid integer \"bad1500\" in column \"n\" (expected an optional '-' and "
                    "digits)");
    }
  }
}

// Hostile files: a value over 16 MiB (quoted with escapes, which would be
// unescaped into a copy, or not) and a header over 16384 columns are
// located errors, not allocations the size of the file.
TEST_F(CsvReaderTest, ValueLongerThanTheLimit) {
  std::string huge(size_t{16} << 20, 'x');
  EXPECT_EQ(ReadError(Write("id,name\n1," + huge + "x\n"), {Str("id")}),
            dir_ + "/accounts.csv:2:3: value longer than 16 MiB");
  EXPECT_EQ(ReadError(Write("id,name\n1,\"\"\"" + huge + "\"\n"), {Str("id")}),
            dir_ + "/accounts.csv:2:3: value longer than 16 MiB");
  EXPECT_EQ(ReadError(Write("id," + huge + "x\n1,2\n"), {Str("id")}),
            dir_ + "/accounts.csv:1:4: value longer than 16 MiB");
  huge.resize(huge.size() - 1);
  EXPECT_EQ(Read(Write("id,name\n1," + huge + "\n"), {Str("name")}).table.row_count(), 1u);
}

TEST_F(CsvReaderTest, HeaderWiderThanTheLimit) {
  std::string header = "c0";
  for (int i = 1; i <= 16384; ++i) header += ",c" + std::to_string(i);
  EXPECT_EQ(ReadError(Write(header + "\n"), {Str("c0")}),
            dir_ + "/accounts.csv:1:" + std::to_string(header.rfind(',') + 2) +
                ": more than 16384 columns in the header");
  header.resize(header.rfind(','));
  EXPECT_EQ(Read(Write(header + "\n"), {Str("c0")}).table.row_count(), 0u);
}

}  // namespace
}  // namespace acctseg
