// Dates and timestamps through the CSV and JSON Lines readers and the
// writer: the input forms, located errors, time zones, and a round trip.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "io/table_file.h"
#include "io/table_writer.h"
#include "table/date_time.h"

namespace acctseg {
namespace {

class DateTimeIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "date_time_io_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }

  static CsvReadOptions Options(const std::string& path, std::optional<int> zone = std::nullopt,
                                int invalid_issue_bit = -1) {
    CsvReadOptions options;
    options.path = path;
    options.columns = {{"d", DataType::Date()}, {"t", DataType::Timestamp()}};
    options.columns[0].invalid_issue_bit = invalid_issue_bit;
    options.columns[1].utc_offset_minutes = zone;
    return options;
  }
  // The column's values in their written forms ("NULL" for NULL).
  static std::vector<std::string> Texts(const Table& table, const std::string& name) {
    const Column& column = *table.Find(name);
    std::vector<std::string> texts;
    for (size_t row = 0; row < column.size(); ++row)
      texts.push_back(column.IsNull(row) ? "NULL" : IntSlotText(column.type, column.ints[row]));
    return texts;
  }
  static std::string ReadError(const CsvReadOptions& options) {
    try {
      ReadTableFile(options);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInput);
      return error.what();
    }
    return "";
  }

  std::string dir_;
};

TEST_F(DateTimeIoTest, CsvAndJsonLinesReadTheSameValues) {
  std::string csv = Write("in.csv",
                          "d,t\n"
                          "2024-02-29,2024-02-29T13:05:00Z\n"
                          "2000-02-29,2024-03-01 01:30+02:00\n"
                          ",1969-12-31T23:59:59.999999Z\n"
                          "1970-01-01,\n"
                          "2019-05-17,2019-05-17T21:55:40.000+0000\n"
                          ",2019-05-18T03:25:40.1000000+0530\n");
  std::string jsonl = Write("in.jsonl",
                            "{\"d\": \"2024-02-29\", \"t\": \"2024-02-29T13:05:00Z\"}\n"
                            "{\"d\": \"2000-02-29\", \"t\": \"2024-03-01 01:30+02:00\"}\n"
                            "{\"d\": null, \"t\": \"1969-12-31T23:59:59.999999Z\"}\n"
                            "{\"d\": \"1970-01-01\"}\n"
                            "{\"d\": \"2019-05-17\", \"t\": \"2019-05-17T21:55:40.000+0000\"}\n"
                            "{\"t\": \"2019-05-18T03:25:40.1000000+0530\"}\n");
  for (const std::string& path : {csv, jsonl}) {
    SCOPED_TRACE(path);
    Table table = ReadTableFile(Options(path)).table;
    EXPECT_EQ(Texts(table, "d"), (std::vector<std::string>{"2024-02-29", "2000-02-29", "NULL",
                                                           "1970-01-01", "2019-05-17", "NULL"}));
    EXPECT_EQ(Texts(table, "t"),
              (std::vector<std::string>{"2024-02-29T13:05:00Z", "2024-02-29T23:30:00Z",
                                        "1969-12-31T23:59:59.999999Z", "NULL",
                                        "2019-05-17T21:55:40Z", "2019-05-17T21:55:40.1Z"}));
  }
}

TEST_F(DateTimeIoTest, InvalidValuesAreLocatedErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"31/02/2024",
       "in.csv:3:1: invalid date \"31/02/2024\" in column \"d\" (expected YYYY-MM-DD"},
      {"2024-02-31", "in.csv:3:1: invalid date \"2024-02-31\""},
      {"2023-02-29", "in.csv:3:1: invalid date \"2023-02-29\""},
      {"2024-13-01", "in.csv:3:1: invalid date \"2024-13-01\""},
  };
  for (const auto& [value, message] : cases) {
    std::string path = Write("in.csv", std::string("d,t\n2024-01-01,\n") + value + ",\n");
    EXPECT_NE(ReadError(Options(path)).find(message), std::string::npos)
        << ReadError(Options(path));
  }
  std::string hour25 = Write("in.csv", "d,t\n,2024-02-29T25:00:00Z\n");
  EXPECT_NE(ReadError(Options(hour25))
                .find("in.csv:2:2: invalid timestamp \"2024-02-29T25:00:00Z\" in column \"t\" "
                      "(expected YYYY-MM-DDTHH:MM[:SS[.ffffff]] and Z or an offset like +02:00 or "
                      "+0200, from 0000-01-01 to 9999-12-31 in UTC)"),
            std::string::npos)
      << ReadError(Options(hour25));
  // A seventh digit that is not zero would be rounded: the message says
  // what the precision is, rather than that the value is no timestamp.
  std::string seven = Write("in.csv", "d,t\n,2024-01-01T10:00:00.1234567+0000\n");
  EXPECT_NE(ReadError(Options(seven))
                .find("in.csv:2:2: timestamp \"2024-01-01T10:00:00.1234567+0000\" in column "
                      "\"t\" is finer than a microsecond, the precision of a timestamp"),
            std::string::npos)
      << ReadError(Options(seven));
  std::string jsonl = Write("in.jsonl", "{\"d\": \"2024-01-01\"}\n{\"d\": \"2024-1-1\"}\n");
  EXPECT_NE(ReadError(Options(jsonl)).find("in.jsonl:2:7: invalid date \"2024-1-1\""),
            std::string::npos)
      << ReadError(Options(jsonl));
}

TEST_F(DateTimeIoTest, ATimestampWithoutZoneNeedsTheColumnsZone) {
  std::string path = Write("in.csv", "d,t\n,2024-02-29 13:05\n");
  EXPECT_NE(ReadError(Options(path))
                .find("in.csv:2:2: timestamp \"2024-02-29 13:05\" in column "
                      "\"t\" has no time zone (expected Z or an offset"),
            std::string::npos)
      << ReadError(Options(path));
  EXPECT_EQ(Texts(ReadTableFile(Options(path, 0)).table, "t"),
            std::vector<std::string>{"2024-02-29T13:05:00Z"});
  EXPECT_EQ(Texts(ReadTableFile(Options(path, 120)).table, "t"),
            std::vector<std::string>{"2024-02-29T11:05:00Z"});
}

TEST_F(DateTimeIoTest, InvalidIssueMakesNullAndMarksTheRow) {
  std::string path = Write("in.csv", "d,t\n2024-02-30,\n2024-02-29,\n");
  CsvReadResult read = ReadTableFile(Options(path, std::nullopt, 3));
  EXPECT_EQ(Texts(read.table, "d"), (std::vector<std::string>{"NULL", "2024-02-29"}));
  ASSERT_EQ(read.row_issues.size(), 2u);
  EXPECT_EQ(read.row_issues[0], uint64_t{1} << 3);
  EXPECT_EQ(read.row_issues[1], 0u);
}

TEST_F(DateTimeIoTest, WrittenValuesReadBackTheSame) {
  std::string in = Write("in.csv",
                         "d,t\n"
                         "2024-02-29,2024-02-29T13:05:00Z\n"
                         "0001-01-01,2024-02-29T13:05:00.1+01:00\n"
                         ",\n");
  Table table = ReadTableFile(Options(in)).table;
  std::string csv = dir_ + "/out.csv", jsonl = dir_ + "/out.jsonl";
  WriteTable(csv, OutputFormat::kCsv, table, 2);
  WriteTable(jsonl, OutputFormat::kJsonLines, table, 2);
  EXPECT_EQ(Slurp(csv),
            "d,t\n"
            "2024-02-29,2024-02-29T13:05:00Z\n"
            "0001-01-01,2024-02-29T12:05:00.1Z\n"
            ",\n");
  EXPECT_EQ(Slurp(jsonl),
            "{\"d\": \"2024-02-29\", \"t\": \"2024-02-29T13:05:00Z\"}\n"
            "{\"d\": \"0001-01-01\", \"t\": \"2024-02-29T12:05:00.1Z\"}\n"
            "{\"d\": null, \"t\": null}\n");
  for (const std::string& path : {csv, jsonl}) {
    Table back = ReadTableFile(Options(path)).table;
    EXPECT_EQ(back.Find("d")->ints, table.Find("d")->ints) << path;
    EXPECT_EQ(back.Find("t")->ints, table.Find("t")->ints) << path;
  }
}

}  // namespace
}  // namespace acctseg
