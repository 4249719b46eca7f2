// The quality report through QualityJob on a small policy with two inputs
// (figures checked by hand), and its renderers.
#include "report/quality_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "job/quality_job.h"

namespace acctseg {
namespace {

namespace fs = std::filesystem;

// a3's employees "lots" is not an integer and declares no invalid_issue (a
// run would stop); a2's founded is no date (issue bad_date). o3 names an
// account that does not exist, o4 none; `unmatched: error` would stop a run.
const char* kPolicy =
    "policy: two-inputs\n"
    "inputs:\n"
    "  accounts:\n"
    "    key: id\n"
    "    columns:\n"
    "      id: string\n"
    "      name: string\n"
    "      employees: integer\n"
    "      founded: {type: date, invalid_issue: bad_date}\n"
    "  opportunities:\n"
    "    columns:\n"
    "      opp_id: string\n"
    "      account: {type: string, empty_is_null: true}\n"
    "      stage: string\n"
    "steps:\n"
    "  - classify:\n"
    "      output: size\n"
    "      rules:\n"
    "        - {when: employees >= 100, then: big, issue: big_one}\n"
    "        - else: small\n"
    "  - aggregate:\n"
    "      from: opportunities\n"
    "      by: account\n"
    "      unmatched: error\n"
    "      columns: {deals: COUNT()}\n"
    "output:\n"
    "  columns: [id, size, deals, issues]\n";

const char* kAccounts =
    "id,name,employees,founded\n"
    "a1,Acme,120,2001-05-01\n"
    "a2,<script>alert(1)</script>,10,31/02/2024\n"
    "a3,Acme,lots,\n"
    "a4,,300,1999-12-31\n";

const char* kOpportunities =
    "opp_id,account,stage\n"
    "o1,a1,Won\n"
    "o2,a1,Lost\n"
    "o3,zz,Won\n"
    "o4,,Won\n"
    "o5,a4,Won\n";

class QualityReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("acctseg_quality_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    Write("policy.yaml", kPolicy);
    Write("accounts.csv", kAccounts);
    Write("opportunities.csv", kOpportunities);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  QualityReport Report(std::vector<std::string>* notes = nullptr) {
    QualityJobOptions options;
    if (notes) options.note = [notes](const std::string& note) { notes->push_back(note); };
    options.policy_path = (dir_ / "policy.yaml").string();
    options.inputs = {"accounts=" + (dir_ / "accounts.csv").string(),
                      "opportunities=" + (dir_ / "opportunities.csv").string()};
    options.threads = 2;
    return QualityJob(options);
  }

  fs::path dir_;
};

const ColumnQuality& ColumnOf(const InputQuality& input, const std::string& name) {
  for (const ColumnQuality& c : input.columns)
    if (c.name == name) return c;
  throw std::runtime_error("no column " + name);
}

// An empty value in a not_null column stops a run: the report counts it
// instead (it used to stop the report too). a4's name is empty; a3's
// founded is empty and a2's is invalid, counted apart.
TEST_F(QualityReportTest, EmptyValuesOfNotNullColumnsAreCounted) {
  std::string policy = kPolicy;
  policy.replace(policy.find("name: string"), 12, "name: {type: string, not_null: true}");
  policy.replace(policy.find("invalid_issue: bad_date}"), 24,
                 "invalid_issue: bad_date, not_null: true}");
  Write("policy.yaml", policy);
  QualityReport report = Report();
  const ColumnQuality& name = ColumnOf(report.inputs[0], "name");
  EXPECT_TRUE(name.required);
  EXPECT_EQ(name.empty_required, 1u);
  const ColumnQuality& founded = ColumnOf(report.inputs[0], "founded");
  EXPECT_EQ(founded.invalid, 1u);
  EXPECT_EQ(founded.empty_required, 1u);
  const ColumnQuality& employees = ColumnOf(report.inputs[0], "employees");
  EXPECT_FALSE(employees.required);
  EXPECT_EQ(employees.empty_required, 0u);
  std::ostringstream text;
  RenderQualityText(report, text);
  EXPECT_NE(text.str().find("1 (issue bad_date; line 3); 1 empty, not_null (would stop a run)"),
            std::string::npos)
      << text.str();
}

TEST_F(QualityReportTest, ColumnsOfEachInput) {
  QualityReport report = Report();
  EXPECT_EQ(report.policy, "two-inputs");
  ASSERT_EQ(report.inputs.size(), 2u);
  const InputQuality& accounts = report.inputs[0];
  EXPECT_EQ(accounts.name, "accounts");
  EXPECT_EQ(accounts.rows, 4u);
  EXPECT_EQ(accounts.key, "id");
  EXPECT_EQ(accounts.key_missing, 0u);

  const ColumnQuality& name = ColumnOf(accounts, "name");
  EXPECT_EQ(name.present, 3u);  // the empty name is not present
  EXPECT_EQ(name.distinct, 2u);
  ASSERT_EQ(name.top.size(), 2u);
  EXPECT_EQ(name.top[0].value, "Acme");
  EXPECT_EQ(name.top[0].rows, 2u);
  EXPECT_EQ(name.top[1].value, "<script>alert(1)</script>");

  const ColumnQuality& employees = ColumnOf(accounts, "employees");
  EXPECT_EQ(employees.present, 3u);
  EXPECT_EQ(employees.invalid, 1u);
  EXPECT_EQ(employees.invalid_issue, "");  // a run would stop on it
  EXPECT_EQ(employees.distinct, 3u);
  EXPECT_EQ(employees.min, "10");
  EXPECT_EQ(employees.max, "300");

  const ColumnQuality& founded = ColumnOf(accounts, "founded");
  EXPECT_EQ(founded.present, 2u);
  EXPECT_EQ(founded.invalid, 1u);
  EXPECT_EQ(founded.invalid_issue, "bad_date");
  EXPECT_EQ(founded.min, "1999-12-31");
  EXPECT_EQ(founded.max, "2001-05-01");

  // Issue codes after the run; the stand-in codes for stopping columns are not listed.
  ASSERT_EQ(accounts.issues.size(), 2u);
  EXPECT_EQ(accounts.issues[0].code, "bad_date");
  EXPECT_EQ(accounts.issues[0].rows, 1u);
  EXPECT_EQ(accounts.issues[1].code, "big_one");
  EXPECT_EQ(accounts.issues[1].rows, 2u);

  const InputQuality& opportunities = report.inputs[1];
  EXPECT_EQ(opportunities.rows, 5u);
  EXPECT_EQ(opportunities.key, "");
  const ColumnQuality& stage = ColumnOf(opportunities, "stage");
  EXPECT_EQ(stage.distinct, 2u);
  EXPECT_EQ(stage.top[0].value, "Won");
  EXPECT_EQ(stage.top[0].rows, 4u);
  EXPECT_EQ(ColumnOf(opportunities, "account").present, 4u);
}

// More typed columns than a policy has issue codes (2 inputs x 40): the
// report still counts invalid values, each column's own, though one stand-in
// code covers them all (it lost this at 65 columns and stopped on the
// first). Row 2 has two bad columns, row 3 one; c1 and c2 share a code.
TEST_F(QualityReportTest, InvalidValuesOfManyTypedColumnsAreCountedPerColumn) {
  std::string policy = "inputs:\n";
  std::string accounts = "id", related = "acct";
  for (std::string input : {"accounts", "opportunities"}) {
    policy += "  " + input + ":\n" + (input == "accounts" ? "    key: id\n" : "") +
              "    columns:\n      " + (input == "accounts" ? "id" : "acct") + ": string\n";
    for (int c = 0; c < 40; ++c) {
      std::string type = c == 1 || c == 2 ? "{type: integer, invalid_issue: shared}" : "integer";
      policy += "      c" + std::to_string(c) + ": " + type + "\n";
    }
  }
  policy +=
      "steps:\n  - aggregate: {from: opportunities, by: acct, columns: {n: COUNT()}}\n"
      "output:\n  columns: [id, n]\n";
  for (int c = 0; c < 40; ++c) accounts += ",c" + std::to_string(c);
  related = "acct" + accounts.substr(2);
  accounts += "\n";
  related += "\n";
  for (int row = 0; row < 4; ++row) {
    std::string values;
    for (int c = 0; c < 40; ++c) {
      bool bad = (row == 1 && (c == 7 || c == 2)) || (row == 2 && c == 7) || (row == 3 && c == 1);
      values += bad ? ",x" : "," + std::to_string(c);
    }
    accounts += "a" + std::to_string(row) + values + "\n";
    related += "a0" + values + "\n";
  }
  Write("policy.yaml", policy);
  Write("accounts.csv", accounts);
  Write("opportunities.csv", related);
  std::vector<std::string> notes;
  QualityReport report = Report(&notes);
  EXPECT_TRUE(notes.empty());
  for (const InputQuality& input : report.inputs) {
    for (const ColumnQuality& column : input.columns) {
      std::vector<uint64_t> lines;
      if (column.name == "c7") lines = {3, 4};
      if (column.name == "c2") lines = {3};
      if (column.name == "c1") lines = {5};
      EXPECT_EQ(column.invalid_lines, lines) << input.name << " " << column.name;
      EXPECT_EQ(column.invalid, lines.size()) << input.name << " " << column.name;
      EXPECT_EQ(column.invalid_issue, column.name == "c1" || column.name == "c2" ? "shared" : "");
    }
    ASSERT_EQ(input.issues.size(), 1u);  // the stand-in code is not listed
    EXPECT_EQ(input.issues[0].code, "shared");
    EXPECT_EQ(input.issues[0].rows, 2u);
  }
}

// A policy whose own issue codes number 64 leaves no room for the stand-in:
// invalid values stop the report as they stop a run, and the job says so
// first; empty not_null values are still counted.
TEST_F(QualityReportTest, PolicyWithEveryIssueCodeSaysInvalidValuesStopIt) {
  std::string rules;
  for (int code = 0; code < 64; ++code)
    rules += "        - {when: employees = " + std::to_string(code) + ", then: c, issue: code" +
             std::to_string(code) + "}\n";
  std::string policy = kPolicy;
  policy.replace(policy.find("        - {when: employees >= 100"),
                 policy.find("        - else") - policy.find("        - {when: employees >= 100"),
                 rules);
  policy.replace(policy.find("invalid_issue: bad_date}"), 24, "not_null: true}");
  Write("policy.yaml", policy);
  std::vector<std::string> notes;
  try {
    Report(&notes);
    ADD_FAILURE() << "a2's founded \"31/02/2024\" should stop it";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("invalid date \"31/02/2024\""), std::string::npos)
        << e.what();
  }
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("the policy uses all 64 issue codes"), std::string::npos) << notes[0];

  Write("accounts.csv",
        "id,name,employees,founded\na1,Acme,120,2001-05-01\na2,B,10,\na3,C,,2001-05-01\n");
  notes.clear();
  QualityReport report = Report(&notes);
  EXPECT_EQ(notes.size(), 1u);
  EXPECT_EQ(ColumnOf(report.inputs[0], "founded").empty_required, 1u);
}

TEST_F(QualityReportTest, KeysWithoutAMatch) {
  QualityReport report = Report();  // unmatched: error does not stop the report
  ASSERT_EQ(report.matches.size(), 1u);
  const MatchQuality& quality = report.matches[0];
  EXPECT_EQ(quality.match.from, "opportunities");
  EXPECT_EQ(quality.match.by, "account");
  EXPECT_EQ(quality.match.rows, 5u);
  EXPECT_EQ(quality.match.unmatched, 1u);
  EXPECT_EQ(quality.match.without_key, 1u);
  ASSERT_EQ(quality.match.unmatched_examples.size(), 1u);
  EXPECT_EQ(quality.match.unmatched_examples[0].key, "zz");
  EXPECT_EQ(quality.match.unmatched_examples[0].line, 4u);
  EXPECT_EQ(quality.without_key_lines, std::vector<uint64_t>{5});
  EXPECT_TRUE(report.duplicates.empty());
}

TEST_F(QualityReportTest, RenderersSayTheSameFigures) {
  QualityReport report = Report();
  std::ostringstream text, json, html;
  RenderQualityText(report, text);
  RenderQualityJson(report, json);
  RenderQualityHtml(report, html);
  // The invalid values' lines too: a count alone sent the user searching.
  EXPECT_NE(text.str().find("1 (would stop a run; line 4)"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("1 (issue bad_date; line 3)"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("unknown keys, e.g. \"zz\" (line 4); without a key, e.g. line 5"),
            std::string::npos)
      << text.str();
  auto parsed = nlohmann::json::parse(json.str());
  EXPECT_EQ(parsed["inputs"][0]["columns"][2]["invalid"], 1);
  EXPECT_EQ(parsed["inputs"][0]["columns"][2]["invalid_lines"], nlohmann::json::array({4}));
  EXPECT_EQ(parsed["inputs"][0]["columns"][2]["invalid_issue"], nullptr);
  EXPECT_DOUBLE_EQ(parsed["inputs"][0]["columns"][1]["completeness"].get<double>(), 0.75);
  EXPECT_EQ(parsed["matches"][0]["matched"], 3);
  EXPECT_EQ(parsed["inputs"][0]["issues"]["big_one"], 2);
  EXPECT_EQ(html.str().find("<script>"), std::string::npos);
  EXPECT_NE(html.str().find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.str().find("http"), std::string::npos);  // nothing to fetch
}

}  // namespace
}  // namespace acctseg
