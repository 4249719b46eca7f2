#include "io/table_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "io/csv_reader.h"
#include "util/make_table.h"
#include "util/sample_reasons.h"

namespace acctseg {
namespace {

using testing::MakeTable;

Column StringColumn(const std::vector<std::string>& values) {
  Column column = Column::Make(DataType::String(), values.size(), false);
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t row = 0; row < values.size(); ++row)
    column.codes.Set(row, dictionary->Intern(values[row]));
  column.dictionary = std::move(dictionary);
  return column;
}

Column IntColumn(DataType type, const std::vector<int64_t>& values,
                 std::vector<uint8_t> nulls = {}) {
  Column column = Column::Make(type, values.size(), !nulls.empty());
  column.ints = values;
  column.nulls = NullMask::FromBytes(nulls);
  return column;
}

class TableWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "table_writer_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }

  std::vector<std::string> DirEntries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  // Writes `reasons` kept as codes and as their text column, in every
  // format, with and without the formula guard, on 1 and 2 threads, and
  // expects the same bytes, `some_text` among them.
  void ExpectReasonsWrittenAsTheirWords(std::shared_ptr<ReasonCodes> reasons,
                                        const std::string& some_text);

  std::string dir_;
};

TEST_F(TableWriterTest, CsvQuotesOnlyWhereNeeded) {
  Column names = StringColumn({"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "Ünïcode", ""});
  Column amounts =
      IntColumn(DataType::Decimal(2), {4560, -5, 0, 100, 7, 1, 0}, {0, 0, 0, 0, 0, 0, 1});
  Column counts = IntColumn(DataType::Int64(), {1, -2, 0, INT64_MAX, INT64_MIN, 6, 7});
  Column flags = IntColumn(DataType::Bool(), {1, 0, 1, 0, 1, 0, 1});
  std::string path = dir_ + "/out.csv";
  WriteTable(
      path, OutputFormat::kCsv,
      MakeTable({{"name", names}, {"amount", amounts}, {"n,count", counts}, {"flag", flags}}), 2);
  EXPECT_EQ(Slurp(path),
            "name,amount,\"n,count\",flag\n"
            "plain,45.60,1,true\n"
            "\"a,b\",-0.05,-2,false\n"
            "\"say \"\"hi\"\"\",0.00,0,true\n"
            "\"two\nlines\",1.00,9223372036854775807,false\n"
            "\"cr\r\",0.07,-9223372036854775808,true\n"
            "Ünïcode,0.01,6,false\n"
            ",,7,true\n");
  EXPECT_EQ(DirEntries(), (std::vector<std::string>{"out.csv"}));  // no temporary left
}

// For a spreadsheet whose language writes 1234,50: ';' between fields (a
// field holding one is quoted, a comma is not) and decimals with a comma;
// integers, text and JSON Lines are as always.
TEST_F(TableWriterTest, SemicolonsAndDecimalCommasForASpreadsheet) {
  Column names = StringColumn({"a;b", "a,b", "x"});
  Column amounts = IntColumn(DataType::Decimal(2), {123450, -5, 0}, {0, 0, 1});
  Column whole = IntColumn(DataType::Decimal(0), {7, -8, 9});
  Column counts = IntColumn(DataType::Int64(), {1000, -2, 0});
  const Table table =
      MakeTable({{"name", names}, {"amount", amounts}, {"whole", whole}, {"n;count", counts}});
  WriteOptions options;
  options.delimiter = ';';
  options.decimal_mark = ',';
  const std::string path = dir_ + "/eu.csv";
  for (int threads : {1, 2}) {
    WriteTable(path, OutputFormat::kCsv, table, threads, options);
    EXPECT_EQ(Slurp(path),
              "name;amount;whole;\"n;count\"\n"
              "\"a;b\";1234,50;7;1000\n"
              "a,b;-0,05;-8;-2\n"
              "x;;9;0\n");
  }
  WriteTable(path, OutputFormat::kJsonLines, table, 1, options);
  EXPECT_NE(Slurp(path).find("\"amount\": 1234.50"), std::string::npos) << Slurp(path);
}

// One column: an empty value or a NULL would be an empty line, which
// readers skip; written "" the row stays a row.
TEST_F(TableWriterTest, AnEmptyOnlyFieldIsQuoted) {
  Column names = StringColumn({"a", "", "b"});
  std::string path = dir_ + "/one.csv";
  WriteTable(path, OutputFormat::kCsv, MakeTable({{"name", names}}), 1);
  EXPECT_EQ(Slurp(path), "name\na\n\"\"\nb\n");
  Column counts = IntColumn(DataType::Int64(), {1, 0}, {0, 1});
  WriteTable(path, OutputFormat::kCsv, MakeTable({{"n", counts}}), 1);
  EXPECT_EQ(Slurp(path), "n\n1\n\"\"\n");
}

TEST_F(TableWriterTest, JsonLinesEscapesStrings) {
  Column names = StringColumn({"a\"b\\c", "tab\there\n\x01", "Ünïcode €"});
  Column amounts = IntColumn(DataType::Decimal(2), {4560, -5, 0}, {0, 0, 1});
  Column flags = IntColumn(DataType::Bool(), {1, 0, 1}, {0, 1, 0});
  std::string path = dir_ + "/out.jsonl";
  WriteTable(path, OutputFormat::kJsonLines,
             MakeTable({{"name", names}, {"amount", amounts}, {"ok", flags}}), 1);
  EXPECT_EQ(Slurp(path),
            "{\"name\": \"a\\\"b\\\\c\", \"amount\": 45.60, \"ok\": true}\n"
            "{\"name\": \"tab\\u0009here\\u000a\\u0001\", \"amount\": -0.05, \"ok\": null}\n"
            "{\"name\": \"Ünïcode €\", \"amount\": null, \"ok\": true}\n");
}

TEST_F(TableWriterTest, EscapeFormulasGuardsOnlyTextCells) {
  Column names = StringColumn(
      {"=1+1", "+SUM(A1)", "-", "-5", "@cmd", "\tx", "\rx", "=a,b", "say \"=\"", "a=b", ""});
  Column amounts = IntColumn(DataType::Decimal(2), {-5, -100, 0, 1, 2, 3, 4, 5, 6, 7, 8});
  Column counts = IntColumn(DataType::Int64(), {-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8});
  std::string path = dir_ + "/out.csv";
  WriteOptions options;
  options.escape_formulas = true;
  WriteTable(path, OutputFormat::kCsv,
             MakeTable({{"name", names}, {"-amount", amounts}, {"count", counts}}), 2, options);
  EXPECT_EQ(Slurp(path),
            "name,'-amount,count\n"
            "'=1+1,-0.05,-2\n"
            "'+SUM(A1),-1.00,-1\n"
            "'-,0.00,0\n"
            "'-5,0.01,1\n"
            "'@cmd,0.02,2\n"
            "'\tx,0.03,3\n"
            "\"'\rx\",0.04,4\n"
            "\"'=a,b\",0.05,5\n"
            "\"say \"\"=\"\"\",0.06,6\n"
            "a=b,0.07,7\n"
            ",0.08,8\n");
}

TEST_F(TableWriterTest, EscapeFormulasOffOrJsonLinesChangesNothing) {
  Table table = MakeTable({{"=name", StringColumn({"=1+1", "-", "a,b", "plain"})},
                           {"count", IntColumn(DataType::Int64(), {-2, -1, 0, 1})}});
  WriteOptions on;
  on.escape_formulas = true;
  auto write = [&](OutputFormat format, const WriteOptions& options) {
    std::string path = dir_ + "/out";
    WriteTable(path, format, table, 1, options);
    return Slurp(path);
  };
  EXPECT_EQ(write(OutputFormat::kCsv, WriteOptions{}),
            "=name,count\n=1+1,-2\n-,-1\n\"a,b\",0\nplain,1\n");
  EXPECT_EQ(write(OutputFormat::kJsonLines, on), write(OutputFormat::kJsonLines, WriteOptions{}));
}

TEST_F(TableWriterTest, EscapeFormulasAtAnyThreadCount) {
  // A dictionary with an entry per row is examined in parallel.
  std::vector<std::string> values(50000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = (i % 3 ? "-" : "id") + std::to_string(i);
  Table table = MakeTable({{"id", StringColumn(values)}});
  WriteOptions options;
  options.escape_formulas = true;
  std::string one = dir_ + "/one.csv", four = dir_ + "/four.csv";
  WriteTable(one, OutputFormat::kCsv, table, 1, options);
  WriteTable(four, OutputFormat::kCsv, table, 4, options);
  std::string text = Slurp(one);
  EXPECT_EQ(text, Slurp(four));
  EXPECT_EQ(text.substr(0, 19), "id\nid0\n'-1\n'-2\nid3\n");
}

TEST_F(TableWriterTest, ManyRowsInOrderAtAnyThreadCount) {
  const size_t rows = 100000;
  std::vector<int64_t> values(rows);
  for (size_t i = 0; i < rows; ++i) values[i] = static_cast<int64_t>(i * 3) - 7;
  Column column = IntColumn(DataType::Int64(), values);
  std::string one = dir_ + "/one.csv", four = dir_ + "/four.csv";
  WriteTable(one, OutputFormat::kCsv, MakeTable({{"v", column}}), 1);
  WriteTable(four, OutputFormat::kCsv, MakeTable({{"v", column}}), 4);
  std::string text = Slurp(one);
  EXPECT_EQ(text, Slurp(four));
  EXPECT_EQ(text.substr(0, 12), "v\n-7\n-4\n-1\n2");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), static_cast<long>(rows + 1));
}

// A dictionary too large for the cache is written through texts gathered
// ahead of the row loop: the same bytes, NULLs, quoting and escaping
// included, in both formats and at any thread count.
TEST_F(TableWriterTest, LargeDictionariesWriteTheSameTextsAsSmallOnes) {
  const size_t rows = 150000;
  std::vector<std::string> texts(rows);
  std::vector<uint8_t> nulls(rows, 0);
  std::string expected_csv = "id\n", expected_jsonl;
  for (size_t i = 0; i < rows; ++i) {
    // Distinct in reverse order, so codes and rows differ; some need
    // quoting or escaping, some are NULL.
    const std::string id = "id" + std::to_string(rows - i);
    texts[i] = i % 1000 == 1 ? id + ",\"q\"" : id;
    nulls[i] = i % 777 == 5;
    const bool quoted = i % 1000 == 1;
    // (A NULL alone on its line is "", so that readers keep the row.)
    expected_csv += nulls[i] ? "\"\"\n" : quoted ? "\"" + id + ",\"\"q\"\"\"\n" : id + "\n";
    expected_jsonl += std::string("{\"id\": ") +
                      (nulls[i] ? "null"
                       : quoted ? "\"" + id + ",\\\"q\\\"\""
                                : "\"" + id + "\"") +
                      "}\n";
  }
  Column ids = StringColumn(texts);
  ids.nulls = NullMask::FromBytes(nulls);
  ASSERT_GT(ids.dictionary->size(), size_t{1} << 16);
  for (int threads : {1, 3}) {
    SCOPED_TRACE(threads);
    WriteTable(dir_ + "/out.csv", OutputFormat::kCsv, MakeTable({{"id", ids}}), threads);
    EXPECT_EQ(Slurp(dir_ + "/out.csv"), expected_csv);
    WriteTable(dir_ + "/out.jsonl", OutputFormat::kJsonLines, MakeTable({{"id", ids}}), threads);
    EXPECT_EQ(Slurp(dir_ + "/out.jsonl"), expected_jsonl);
  }
}

TEST_F(TableWriterTest, ReadWriteRoundTrip) {
  std::string input =
      "id,name,amount,n\n"
      "A1,\"Acme, \"\"Inc\"\"\",45.60,-3\n"
      "A2,\"Multi\nline\",,0\n"
      "A3,Zoë,-0.05,\n";
  std::string in_path = dir_ + "/in.csv";
  std::ofstream(in_path, std::ios::binary) << input;
  CsvReadOptions options;
  options.path = in_path;
  options.columns = {{"id", DataType::String()},
                     {"name", DataType::String()},
                     {"amount", DataType::Decimal(2)},
                     {"n", DataType::Int64()}};
  CsvReadResult result = ReadCsv(options);
  std::string out_path = dir_ + "/out.csv";
  WriteTable(out_path, OutputFormat::kCsv, result.table, 2);
  EXPECT_EQ(Slurp(out_path), input);
}

TEST_F(TableWriterTest, FailureLeavesNothingBehind) {
  Column column = IntColumn(DataType::Int64(), {1});
  try {
    WriteTable(dir_ + "/missing/out.csv", OutputFormat::kCsv, MakeTable({{"v", column}}), 1);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(error.what()).find(dir_ + "/missing/out.csv"), std::string::npos);
  }
  EXPECT_TRUE(DirEntries().empty());

  // Renaming over a directory fails after the data is written: the temporary
  // file goes and the directory stays as it was.
  std::filesystem::create_directory(dir_ + "/taken");
  std::ofstream(dir_ + "/taken/keep.txt") << "keep";
  EXPECT_THROW(WriteTable(dir_ + "/taken", OutputFormat::kCsv, MakeTable({{"v", column}}), 1),
               Error);
  EXPECT_EQ(DirEntries(), (std::vector<std::string>{"taken"}));
  EXPECT_EQ(Slurp(dir_ + "/taken/keep.txt"), "keep");
}

TEST_F(TableWriterTest, ReplacesAnExistingFile) {
  std::string path = dir_ + "/out.csv";
  std::ofstream(path) << "old contents that are longer than the new ones\n";
  Column column = IntColumn(DataType::Int64(), {42});
  WriteTable(path, OutputFormat::kCsv, MakeTable({{"v", column}}), 1);
  EXPECT_EQ(Slurp(path), "v\n42\n");
  EXPECT_EQ(DirEntries(), (std::vector<std::string>{"out.csv"}));
}

TEST_F(TableWriterTest, DashWritesToStandardOutput) {
  Column column = IntColumn(DataType::Int64(), {5, 6});
  ::testing::internal::CaptureStdout();
  WriteTable("-", OutputFormat::kCsv, MakeTable({{"v", column}}), 1);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "v\n5\n6\n");
  EXPECT_TRUE(DirEntries().empty());
}

// A reasons column kept as codes is written as its text: the same bytes
// as the ordinary column of the same words, in both formats, with the
// formula guard, texts that need quoting or escaping, at any thread count
// and across the writer's tasks. Words whose pieces may need escaping are
// checked row by row; words made of plain pieces (texts of 2 to 40 bytes,
// one beginning with "-") go straight into the row.
TEST_F(TableWriterTest, ReasonsKeptAsCodesAreWrittenAsTheirWords) {
  for (bool awkward : {true, false}) {
    SCOPED_TRACE(awkward ? "awkward texts" : "plain texts");
    ExpectReasonsWrittenAsTheirWords(testing::SampleReasons(40'000, 3, awkward),
                                     awkward ? "Oil, Gas" : "Oil & Gas");
  }
}

void TableWriterTest::ExpectReasonsWrittenAsTheirWords(std::shared_ptr<ReasonCodes> reasons,
                                                       const std::string& some_text) {
  Column ids = Column::Make(DataType::Int64(), reasons->rows(), false);
  for (size_t row = 0; row < reasons->rows(); ++row) ids.ints.Set(row, static_cast<int64_t>(row));
  auto shared_ids = std::make_shared<const Column>(std::move(ids));
  Table coded(reasons->rows()), text(reasons->rows());
  coded.Add("id", shared_ids);
  coded.Add("why", std::make_shared<const Column>(Column::OfReasons(reasons)));
  text.Add("id", shared_ids);
  text.Add("why", std::make_shared<const Column>(reasons->Materialize(2)));
  // A ';' delimiter is in the words' own separators: quoted then.
  for (const auto& [format, delimiter] :
       {std::pair{OutputFormat::kCsv, ','}, std::pair{OutputFormat::kCsv, ';'},
        std::pair{OutputFormat::kJsonLines, ','}})
    for (bool escape : {false, true})
      for (int threads : {1, 2}) {
        WriteOptions options;
        options.escape_formulas = escape;
        options.delimiter = delimiter;
        const std::string a = dir_ + "/coded", b = dir_ + "/text";
        WriteTable(a, format, coded, threads, options);
        WriteTable(b, format, text, threads, options);
        const std::string written = Slurp(a);
        ASSERT_EQ(written, Slurp(b)) << OutputFormatName(format) << " escape " << escape;
        // The sample's texts were there to be written.
        EXPECT_NE(written.find(some_text), std::string::npos);
        EXPECT_NE(written.find("(missing)"), std::string::npos);
      }
}

}  // namespace
}  // namespace acctseg
