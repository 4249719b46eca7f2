// Semantics of the expression language as data: every tests/expr/*.test file
// is one test (ExprCases/File.Cases/NAME), and each failing case in it is
// reported with its file:line, the expression, and expected vs actual. The
// format is described in tests/expr/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "util/expr_case_runner.h"

namespace acctseg::testing {
namespace {

std::filesystem::path CaseDirectory() {
  return std::filesystem::path(ACCTSEG_SOURCE_DIR) / "tests" / "expr";
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(CaseDirectory(), error))
    if (entry.path().extension() == ".test") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class File : public ::testing::TestWithParam<std::string> {};

TEST_P(File, Cases) {
  std::ifstream in(GetParam(), std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << GetParam();
  std::stringstream text;
  text << in.rdbuf();
  ExprCaseFile file;
  try {
    file = ParseExprCaseFile(GetParam(), text.str());
  } catch (const Error& error) {
    FAIL() << error.what();
  }
  EXPECT_FALSE(file.cases.empty()) << GetParam() << " has no cases";
  for (const ExprCase& c : file.cases) {
    std::string failure = RunExprCase(file, c);
    if (!failure.empty()) ADD_FAILURE() << failure;
  }
}

// The test's name: the file's stem with other characters than letters,
// digits and _ replaced by _.
std::string FileTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(ExprCases, File, ::testing::ValuesIn(CaseFiles()), FileTestName);

TEST(ExprCaseFiles, TheFolderHasCases) {
  EXPECT_FALSE(CaseFiles().empty()) << "no *.test files in " << CaseDirectory();
}

}  // namespace
}  // namespace acctseg::testing
