#include "diff/diff.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/error.h"
#include "util/make_table.h"

namespace acctseg {
namespace {

using testing::MakeTable;

// "" with null = true makes a NULL.
Column StringColumn(const std::vector<std::string>& values, const std::vector<bool>& nulls = {}) {
  Column column = Column::Make(DataType::String(), values.size(), !nulls.empty());
  auto dictionary = std::make_shared<Dictionary>();
  for (size_t row = 0; row < values.size(); ++row) {
    if (!nulls.empty() && nulls[row]) {
      column.nulls.Set(row, true);
      continue;
    }
    column.codes.Set(row, dictionary->Intern(values[row]));
  }
  column.dictionary = std::move(dictionary);
  return column;
}

Column IntColumn(DataType type, const std::vector<int64_t>& values,
                 const std::vector<bool>& nulls = {}) {
  Column column = Column::Make(type, values.size(), !nulls.empty());
  column.ints = values;
  for (size_t row = 0; row < nulls.size(); ++row) column.nulls.Set(row, nulls[row]);
  return column;
}

Table Before() {
  return MakeTable({
      {"account_id", StringColumn({"A1", "A2", "A3", "A4", "A5", "B9"})},
      {"segment", StringColumn({"SMB", "SMB", "MM", "ENT", "MM", "SMB"})},
      {"tier", StringColumn({"3", "3", "2", "1", "2", "3"})},
      {"region",
       StringColumn({"EU", "US", "US", "EU", "", "EU"}, {false, false, false, false, true, false})},
      {"arr", IntColumn(DataType::Decimal(2), {10050, 20000, 100025, 500000, 30000, 100})},
      {"potential", IntColumn(DataType::Int64(), {10, 20, 0, 50, 30, 1},
                              {false, false, true, false, false, false})},
  });
}

// Other row order, other dictionaries: A2 and A3 change segment and tier,
// A5 changes region, B9 is gone, C1 is new.
Table After() {
  return MakeTable({
      {"account_id", StringColumn({"A4", "A2", "C1", "A1", "A5", "A3"})},
      {"segment", StringColumn({"ENT", "MM", "SMB", "SMB", "MM", "ENT"})},
      {"tier", StringColumn({"1", "2", "3", "3", "2", "1"})},
      {"region", StringColumn({"EU", "US", "EU", "EU", "APAC", "US"})},
      {"arr", IntColumn(DataType::Decimal(2), {500000, 25000, 700, 10050, 30000, 0},
                        {false, false, false, false, false, true})},
      {"potential", IntColumn(DataType::Int64(), {55, 20, 7, 10, 0, 40},
                              {false, false, false, false, true, false})},
  });
}

DiffOptions Options() {
  DiffOptions options;
  options.dimensions = {"segment", "tier", "region"};
  options.measures = {"arr", "potential"};
  return options;
}

const MigrationCell* FindCell(const Migration& migration, const std::string& from,
                              const std::string& to) {
  for (const MigrationCell& cell : migration.cells)
    if (cell.from == from && cell.to == to) return &cell;
  return nullptr;
}

const DimensionTotals* FindTotals(const DiffReport& report, const std::string& dimension,
                                  const std::string& value) {
  for (const DimensionTotals& totals : report.totals)
    if (totals.dimension == dimension && totals.value == value) return &totals;
  return nullptr;
}

DiffReport ExplainedReport() {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  report.label_before = "policy <old> & \"v1\"";
  report.label_after = "policy new.yaml";
  MovedAccount& account = report.moved[0];
  account.changed_step = "classify own_segment (policy.yaml:42)";
  account.explanation_before = nlohmann::json::parse(R"js({"account": "A2", "steps": [
      {"label": "classify own_segment (policy.yaml:40)", "outputs": {"own_segment": "SMB"},
       "summary": "rule 5 `employees IS NOT NULL` matched: employees = 120"},
      {"label": "tier tier (policy.yaml:60)", "outputs": {"tier": "3"}, "summary": "arr < 1000"}]})js");
  account.explanation_after = nlohmann::json::parse(R"js({"account": "A2", "steps": [
      {"label": "classify own_segment (policy.yaml:42)", "outputs": {"own_segment": "MM"},
       "summary": "rule 3 `employees > 100` matched: employees = 120"},
      {"label": "tier tier (policy.yaml:62)", "outputs": {"tier": "2"}, "summary": "arr < 5000"}]})js");
  return report;
}

std::string Render(const DiffReport& report, DiffFormat format) {
  std::ostringstream out;
  RenderDiff(report, format, out);
  return out.str();
}

TEST(ComputeDiffTest, CountsRowsAndOneSidedKeys) {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  EXPECT_EQ(report.key, "account_id");
  EXPECT_EQ(report.rows_before, 6u);
  EXPECT_EQ(report.rows_after, 6u);
  EXPECT_EQ(report.only_before, 1u);  // B9
  EXPECT_EQ(report.only_after, 1u);   // C1
  EXPECT_EQ(report.changed, 3u);      // A2, A5, A3
  ASSERT_EQ(report.measures.size(), 2u);
  EXPECT_EQ(report.measures[0].name, "arr");
  EXPECT_EQ(report.measures[0].scale, 2);
  EXPECT_EQ(report.measures[1].scale, 0);
}

// A policy whose input declares no key: said as such, not as a column "".
TEST(ComputeDiffTest, NoKeyIsSaidPlainly) {
  DiffOptions options = Options();
  options.key = "";
  try {
    ComputeDiff(Before(), After(), options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_NE(std::string(e.what()).find("the policy's input declares no key"), std::string::npos)
        << e.what();
  }
}

TEST(ComputeDiffTest, SegmentMatrixUsesAfterMeasuresElseBefore) {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  ASSERT_EQ(report.migrations.size(), 3u);
  const Migration& segment = report.migrations[0];
  EXPECT_EQ(segment.dimension, "segment");
  EXPECT_EQ(segment.values, (std::vector<std::string>{"ENT", "MM", "SMB"}));
  EXPECT_EQ(segment.moved, 2u);
  ASSERT_EQ(segment.cells.size(), 5u);
  // Cells come in (from, to) order.
  EXPECT_EQ(segment.cells[0].from, "ENT");
  EXPECT_EQ(segment.cells[1].from, "MM");
  EXPECT_EQ(segment.cells[1].to, "ENT");

  const MigrationCell* smb_to_mm = FindCell(segment, "SMB", "MM");
  ASSERT_NE(smb_to_mm, nullptr);
  EXPECT_EQ(smb_to_mm->count, 1u);
  EXPECT_EQ(smb_to_mm->measure_sums, (std::vector<int64_t>{25000, 20}));  // after's 250.00
  const MigrationCell* mm_to_ent = FindCell(segment, "MM", "ENT");
  ASSERT_NE(mm_to_ent, nullptr);
  // arr is NULL after: before's 1000.25; potential NULL before: after's 40.
  EXPECT_EQ(mm_to_ent->measure_sums, (std::vector<int64_t>{100025, 40}));
  const MigrationCell* mm_stayed = FindCell(segment, "MM", "MM");
  ASSERT_NE(mm_stayed, nullptr);
  EXPECT_EQ(mm_stayed->measure_sums, (std::vector<int64_t>{30000, 30}));
  EXPECT_EQ(FindCell(segment, "ENT", "SMB"), nullptr);
}

TEST(ComputeDiffTest, NullDimensionIsNoneAndSortsByteWise) {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  const Migration& region = report.migrations[2];
  EXPECT_EQ(region.values, (std::vector<std::string>{"(none)", "APAC", "EU", "US"}));
  EXPECT_EQ(region.moved, 1u);
  const MigrationCell* none_to_apac = FindCell(region, "(none)", "APAC");
  ASSERT_NE(none_to_apac, nullptr);
  EXPECT_EQ(none_to_apac->count, 1u);
}

// A text "(none)" (a CRM picklist's) is not NULL: a move between them is
// a move, and each keeps its own cell.
TEST(ComputeDiffTest, TheTextNoneIsNotNull) {
  const Table before =
      MakeTable({{"account_id", StringColumn({"A1", "A2", "A3"})},
                 {"region", StringColumn({"(none)", "", "(none)"}, {false, true, false})}});
  const Table after =
      MakeTable({{"account_id", StringColumn({"A1", "A2", "A3"})},
                 {"region", StringColumn({"", "(none)", "(none)"}, {true, false, false})}});
  DiffOptions options;
  options.dimensions = {"region"};
  const DiffReport report = ComputeDiff(before, after, options);
  const Migration& region = report.migrations[0];
  EXPECT_EQ(region.values, (std::vector<std::string>{"\"(none)\"", "(none)"}));
  EXPECT_EQ(region.moved, 2u);
  ASSERT_NE(FindCell(region, "\"(none)\"", "(none)"), nullptr);
  ASSERT_NE(FindCell(region, "(none)", "\"(none)\""), nullptr);
  ASSERT_NE(FindCell(region, "\"(none)\"", "\"(none)\""), nullptr);
  EXPECT_EQ(FindCell(region, "\"(none)\"", "\"(none)\"")->count, 1u);
}

TEST(ComputeDiffTest, MovedAccountsInAfterOrder) {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  ASSERT_EQ(report.moved.size(), 3u);
  EXPECT_EQ(report.moved[0].key, "A2");
  EXPECT_EQ(report.moved[1].key, "A5");
  EXPECT_EQ(report.moved[2].key, "A3");
  using Change = std::tuple<std::string, std::string, std::string>;
  EXPECT_EQ(report.moved[0].changes,
            (std::vector<Change>{{"segment", "SMB", "MM"}, {"tier", "3", "2"}}));
  EXPECT_EQ(report.moved[1].changes, (std::vector<Change>{{"region", "(none)", "APAC"}}));
  EXPECT_TRUE(report.moved[0].explanation_before.is_null());
}

// A stored run whose summary lists no dimensions (an old or damaged record)
// still diffs: nothing can move, and nothing reads past an empty array.
TEST(ComputeDiffTest, NoDimensionsMeansNothingMoves) {
  DiffOptions options = Options();
  options.dimensions.clear();
  DiffReport report = ComputeDiff(Before(), After(), options);
  EXPECT_EQ(report.changed, 0u);
  EXPECT_TRUE(report.moved.empty());
  EXPECT_TRUE(report.migrations.empty());
}

TEST(ComputeDiffTest, MaxListedLimitsTheListNotTheCount) {
  DiffOptions options = Options();
  options.max_listed = 1;
  DiffReport report = ComputeDiff(Before(), After(), options);
  EXPECT_EQ(report.changed, 3u);
  ASSERT_EQ(report.moved.size(), 1u);
  EXPECT_EQ(report.moved[0].key, "A2");
}

TEST(ComputeDiffTest, TotalsCoverEverySideWithItsOwnValues) {
  DiffReport report = ComputeDiff(Before(), After(), Options());
  const DimensionTotals* smb = FindTotals(report, "segment", "SMB");
  ASSERT_NE(smb, nullptr);
  EXPECT_EQ(smb->count_before, 3u);  // A1, A2, B9
  EXPECT_EQ(smb->count_after, 2u);   // C1, A1
  EXPECT_EQ(smb->measures_before, (std::vector<int64_t>{30150, 31}));
  EXPECT_EQ(smb->measures_after, (std::vector<int64_t>{10750, 17}));
  const DimensionTotals* ent = FindTotals(report, "segment", "ENT");
  ASSERT_NE(ent, nullptr);
  EXPECT_EQ(ent->count_after, 2u);
  EXPECT_EQ(ent->measures_after, (std::vector<int64_t>{500000, 95}));  // A3's arr is NULL
  const DimensionTotals* apac = FindTotals(report, "region", "APAC");
  ASSERT_NE(apac, nullptr);
  EXPECT_EQ(apac->count_before, 0u);
  EXPECT_EQ(apac->count_after, 1u);
  EXPECT_EQ(report.totals.size(), 3u + 3u + 4u);
}

TEST(ComputeDiffTest, MeasuresAtTheLargerScale) {
  Table before = MakeTable({{"account_id", StringColumn({"A", "B"})},
                            {"segment", StringColumn({"X", "X"})},
                            {"arr", IntColumn(DataType::Decimal(1), {15, 25})}});
  Table after = MakeTable({{"account_id", StringColumn({"A", "B"})},
                           {"segment", StringColumn({"X", "Y"})},
                           {"arr", IntColumn(DataType::Decimal(3), {1500, 2501})}});
  DiffOptions options;
  options.dimensions = {"segment"};
  options.measures = {"arr"};
  DiffReport report = ComputeDiff(before, after, options);
  ASSERT_EQ(report.measures[0].scale, 3);
  const DimensionTotals* x = FindTotals(report, "segment", "X");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->measures_before, (std::vector<int64_t>{4000}));  // 1.5 + 2.5
  EXPECT_EQ(x->measures_after, (std::vector<int64_t>{1500}));
  EXPECT_EQ(FindCell(report.migrations[0], "X", "Y")->measure_sums, (std::vector<int64_t>{2501}));
}

void ExpectInputError(const Table& before, const Table& after, const DiffOptions& options,
                      const std::vector<std::string>& fragments) {
  try {
    ComputeDiff(before, after, options);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInput);
    for (const std::string& fragment : fragments)
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << error.what() << " lacks " << fragment;
  }
}

TEST(ComputeDiffTest, ErrorsNameTheSideAndTheColumn) {
  DiffOptions options = Options();
  options.dimensions.push_back("owner");
  ExpectInputError(Before(), After(), options, {"before", "\"owner\""});

  Table without_tier = After().Select({"account_id", "segment", "region", "arr", "potential"});
  ExpectInputError(Before(), without_tier, Options(), {"after", "\"tier\""});

  options = Options();
  options.measures = {"segment"};
  ExpectInputError(Before(), After(), options, {"before", "\"segment\"", "measure"});

  options = Options();
  options.dimensions = {"arr"};
  ExpectInputError(Before(), After(), options, {"\"arr\"", "string"});

  Table duplicate = MakeTable({{"account_id", StringColumn({"A1", "A1"})},
                               {"segment", StringColumn({"X", "Y"})},
                               {"tier", StringColumn({"1", "1"})},
                               {"region", StringColumn({"EU", "EU"})},
                               {"arr", IntColumn(DataType::Int64(), {1, 2})},
                               {"potential", IntColumn(DataType::Int64(), {1, 2})}});
  ExpectInputError(Before(), duplicate, Options(), {"after", "\"A1\"", "twice"});
}

TEST(ComputeDiffTest, ManyRowsSharedDictionary) {
  const size_t kRows = 100000;
  auto keys = std::make_shared<Dictionary>();
  auto segments = std::make_shared<Dictionary>();
  Column key = Column::Make(DataType::String(), kRows, false);
  Column before_segment = Column::Make(DataType::String(), kRows, false);
  Column after_segment = Column::Make(DataType::String(), kRows, false);
  const char* names[] = {"ENT", "MM", "SMB"};
  for (size_t row = 0; row < kRows; ++row) {
    key.codes.Set(row, keys->Intern(std::to_string(row)));
    before_segment.codes.Set(row, segments->Intern(names[row % 3]));
    after_segment.codes.Set(row, segments->Intern(names[(row % 3 + (row % 10 == 0)) % 3]));
  }
  key.dictionary = keys;
  before_segment.dictionary = after_segment.dictionary = segments;
  Column arr = IntColumn(DataType::Int64(), std::vector<int64_t>(kRows, 2));
  Table before = MakeTable({{"account_id", key}, {"segment", before_segment}, {"arr", arr}});
  Table after = MakeTable({{"account_id", key}, {"segment", after_segment}, {"arr", arr}});
  DiffOptions options;
  options.dimensions = {"segment"};
  options.measures = {"arr"};
  DiffReport report = ComputeDiff(before, after, options);
  EXPECT_EQ(report.changed, kRows / 10);
  EXPECT_EQ(report.moved.size(), 1000u);
  EXPECT_EQ(report.only_before + report.only_after, 0u);
  uint64_t cell_total = 0;
  for (const MigrationCell& cell : report.migrations[0].cells) {
    cell_total += cell.count;
    EXPECT_EQ(cell.measure_sums[0], static_cast<int64_t>(2 * cell.count));
  }
  EXPECT_EQ(cell_total, kRows);
}

TEST(RenderDiffTest, ParsesFormatNames) {
  EXPECT_EQ(ParseDiffFormat("text"), DiffFormat::kText);
  EXPECT_EQ(ParseDiffFormat("csv"), DiffFormat::kCsv);
  EXPECT_EQ(ParseDiffFormat("json"), DiffFormat::kJson);
  EXPECT_EQ(ParseDiffFormat("html"), DiffFormat::kHtml);
  EXPECT_EQ(ParseDiffFormat("xml"), std::nullopt);
}

TEST(RenderDiffTest, TextShowsMatrixTotalsAndSteps) {
  std::string text = Render(ExplainedReport(), DiffFormat::kText);
  EXPECT_NE(text.find("segment: 2 moved (arr 1250.25, potential 60 moved)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("[1]"), std::string::npos);
  EXPECT_NE(text.find("totals by region"), std::string::npos);
  EXPECT_NE(text.find("A2  segment SMB -> MM; tier 3 -> 2"), std::string::npos) << text;
  EXPECT_NE(text.find("changed step: classify own_segment (policy.yaml:42)"), std::string::npos);
  // Steps pair up across shifted line numbers, both summaries on one line.
  size_t line = text.find("rule 5 `employees IS NOT NULL`");
  ASSERT_NE(line, std::string::npos);
  EXPECT_LT(text.find("rule 3 `employees > 100`", line), text.find('\n', line));
  // The table cuts them; the changed step's are written whole below it.
  EXPECT_NE(text.find("    before: rule 5 `employees IS NOT NULL` matched: employees = 120\n"
                      "    after:  rule 3 `employees > 100` matched: employees = 120\n"),
            std::string::npos)
      << text;
}

// A dimension too wide for a matrix and with no move says so, rather than
// printing a list's header over no rows.
TEST(RenderDiffTest, TextSaysWhenAWideDimensionHasNoMove) {
  std::vector<std::string> ids, regions;
  for (int i = 0; i < 14; ++i) {
    ids.push_back("A" + std::to_string(i));
    regions.push_back("R" + std::to_string(i));
  }
  const Table side =
      MakeTable({{"account_id", StringColumn(ids)}, {"region", StringColumn(regions)}});
  DiffOptions options;
  options.dimensions = {"region"};
  const std::string text = Render(ComputeDiff(side, side, options), DiffFormat::kText);
  EXPECT_NE(text.find("region: 0 moved\n  no account moved between its 14 values\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("from"), std::string::npos) << text;
}

TEST(RenderDiffTest, CsvHasEverySection) {
  std::string csv = Render(ExplainedReport(), DiffFormat::kCsv);
  EXPECT_NE(csv.find("# diff\n"), std::string::npos);
  EXPECT_NE(csv.find("\"policy <old> & \"\"v1\"\"\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("# migration segment\nfrom,to,count,arr,potential\n"), std::string::npos);
  EXPECT_NE(csv.find("MM,ENT,1,1000.25,40\n"), std::string::npos);
  EXPECT_NE(csv.find("# migration region\n"), std::string::npos);
  EXPECT_NE(csv.find("# moved\nkey,dimension,before,after,changed_step\n"
                     "A2,segment,SMB,MM,classify own_segment (policy.yaml:42)\n"),
            std::string::npos);
  EXPECT_NE(csv.find("# totals\n"), std::string::npos);
  EXPECT_NE(csv.find("segment,SMB,3,2,-1,301.50,107.50,-194.00,31,17,-14\n"), std::string::npos)
      << csv;
}

TEST(RenderDiffTest, JsonParsesWithExactNumbers) {
  std::string text = Render(ExplainedReport(), DiffFormat::kJson);
  nlohmann::json json = nlohmann::json::parse(text);
  EXPECT_EQ(json["format"], "acctseg-diff");
  EXPECT_EQ(json["changed"], 3);
  EXPECT_EQ(json["only_before"], 1);
  EXPECT_EQ(json["moved_truncated"], false);
  EXPECT_EQ(json["cell_measures"], "after_else_before");
  const nlohmann::json& segment = json["migrations"][0];
  EXPECT_EQ(segment["dimension"], "segment");
  EXPECT_EQ(segment["moved"], 2);
  EXPECT_DOUBLE_EQ(segment["moved_measures"]["arr"].get<double>(), 1250.25);
  EXPECT_DOUBLE_EQ(segment["cells"][1]["measures"]["arr"].get<double>(), 1000.25);
  EXPECT_EQ(segment["cells"][1]["measures"]["potential"], 40);
  EXPECT_EQ(json["migrations"][2]["values"][0], "(none)");
  EXPECT_EQ(json["moved"][0]["key"], "A2");
  EXPECT_EQ(json["moved"][0]["explanation_after"]["steps"][0]["outputs"]["own_segment"], "MM");
  EXPECT_TRUE(json["moved"][1]["changed_step"].is_null());
  // Written with the scale's digits, never through a double.
  EXPECT_NE(text.find("\"arr\": 300.00"), std::string::npos) << text;
  EXPECT_NE(text.find("\"arr\": 301.50"), std::string::npos);
}

TEST(RenderDiffTest, HtmlIsSelfContainedAndEscaped) {
  std::string html = Render(ExplainedReport(), DiffFormat::kHtml);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<svg class=\"sankey\""), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"heatmap\""), std::string::npos);
  EXPECT_NE(html.find("<details"), std::string::npos);
  EXPECT_NE(html.find("rule 3 `employees &gt; 100` matched"), std::string::npos);
  EXPECT_NE(html.find("policy &lt;old&gt; &amp; &quot;v1&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<old>"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

// Account data an attacker controls: an id that is a script, segment names
// that are markup, quotes and spreadsheet formulas, and explanation text.
DiffReport HostileReport() {
  const std::string script_id = "<script>alert(1)</script>";
  const std::string img_segment = "<img src=x onerror=alert(1)>\"quotes'";
  Table before = MakeTable({
      {"account_id", StringColumn({script_id, "=cmd|' /C calc'!A0"})},
      {"seg<i>", StringColumn({"SMB", "=1+1"})},
      {"arr</title><i>", IntColumn(DataType::Decimal(2), {500, 900})},
  });
  Table after = MakeTable({
      {"account_id", StringColumn({script_id, "=cmd|' /C calc'!A0"})},
      {"seg<i>", StringColumn({img_segment, "@SUM(A1)"})},
      {"arr</title><i>", IntColumn(DataType::Decimal(2), {100, 200})},
  });
  DiffOptions options;
  options.dimensions = {"seg<i>"};
  options.measures = {"arr</title><i>"};
  DiffReport report = ComputeDiff(before, after, options);
  report.label_before = "</script><script>alert(2)</script>";
  for (MovedAccount& account : report.moved) {
    account.changed_step = "<img src=y onerror=alert(3)>";
    account.explanation_after =
        nlohmann::json{{"account", account.key},
                       {"steps",
                        {{{"label", "<script>alert(4)</script>"},
                          {"outputs", {{"<img src=z>", "</script>"}}},
                          {"summary", "rule `x < 1` matched: <img src=w onerror=alert(5)>"}}}}};
  }
  return report;
}

TEST(RenderDiffTest, HtmlEscapesAccountData) {
  DiffReport report = HostileReport();
  ASSERT_EQ(report.moved.size(), 2u);
  std::string html = Render(report, DiffFormat::kHtml);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("</script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("\"quotes'"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("</title><i"), std::string::npos);
  EXPECT_NE(html.find("seg&lt;i&gt;"), std::string::npos);
  EXPECT_NE(html.find("arr&lt;/title&gt;&lt;i&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;&quot;quotes&#39;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(2)"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=y onerror=alert(3)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(4)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=z&gt; = &lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("`x &lt; 1` matched: &lt;img src=w"), std::string::npos);
}

TEST(RenderDiffTest, CsvGuardsTextAgainstFormulas) {
  std::string csv = Render(HostileReport(), DiffFormat::kCsv);
  EXPECT_NE(csv.find("\n'=cmd|' /C calc'!A0,seg<i>,'=1+1,'@SUM(A1),"), std::string::npos) << csv;
  EXPECT_NE(csv.find("'=1+1,'@SUM(A1),1,2.00\n"), std::string::npos) << csv;
  // Numbers, negative deltas included, are not text: never guarded.
  EXPECT_NE(csv.find("seg<i>,'=1+1,1,0,-1,9.00,0.00,-9.00\n"), std::string::npos) << csv;
}

TEST(RenderDiffTest, EmptyDiffRendersInEveryFormat) {
  DiffOptions options;
  options.dimensions = {"segment"};
  DiffReport report = ComputeDiff(Before(), Before(), options);
  EXPECT_EQ(report.changed, 0u);
  for (DiffFormat format :
       {DiffFormat::kText, DiffFormat::kCsv, DiffFormat::kJson, DiffFormat::kHtml})
    EXPECT_FALSE(Render(report, format).empty());
  EXPECT_NO_THROW(nlohmann::json::parse(Render(report, DiffFormat::kJson)));
}

}  // namespace
}  // namespace acctseg
