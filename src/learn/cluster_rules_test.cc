#include "learn/cluster_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "common/csv_field.h"
#include "expr/expr_lexer.h"
#include "learn/cluster_test_data.h"
#include "learn/decision_tree.h"
#include "plan/plan.h"
#include "policy/policy_ast.h"
#include "util/run_policy.h"

namespace acctseg::learn {
namespace {

// Rows labelled by readable rules the tree must find again: "big" above 100
// employees; else "soft" in Software or Retail or without an industry;
// else "other". Some employee counts and industries are missing.
struct Accounts {
  std::vector<Feature> features;  // employees, industry, active
  std::vector<int> labels;
  std::string csv;
};

Accounts MakeAccounts() {
  const std::vector<std::string> industries = {"Energy", "Retail", "Software", "Trade's"};
  Accounts a;
  Feature employees{"employees"}, industry{"industry", FeatureKind::kCategorical}, active{"active"};
  industry.categories = industries;
  uint64_t state = 9;
  a.csv = "id,employees,industry,active\n";
  for (int r = 0; r < 120; ++r) {
    bool missing_size = r % 17 == 3;
    double size = missing_size ? NAN : static_cast<double>(1 + RandomBelow(state, 200));
    int32_t code = r % 13 == 5 ? -1 : static_cast<int32_t>(RandomBelow(state, 4));
    employees.values.push_back(size);
    industry.codes.push_back(code);
    active.values.push_back(static_cast<double>(r % 2));
    a.csv += "a" + std::to_string(r) + "," + (missing_size ? "" : std::to_string(int(size))) + "," +
             (code < 0 ? "" : industries[code]) + "," + (r % 2 ? "true" : "false") + "\n";
  }
  double sum = 0, present = 0;
  for (double v : employees.values)
    if (!std::isnan(v)) sum += v, ++present;
  const double mean = sum / present;  // where the tree sends a missing count
  for (int r = 0; r < 120; ++r) {
    double size = std::isnan(employees.values[r]) ? mean : employees.values[r];
    int32_t code = industry.codes[r];
    a.labels.push_back(size > 100 ? 0 : (code < 0 || code == 1 || code == 2) ? 1 : 2);
  }
  a.features = {employees, industry, active};
  return a;
}

std::vector<const Feature*> Pointers(const std::vector<Feature>& features) {
  std::vector<const Feature*> out;
  for (const Feature& f : features) out.push_back(&f);
  return out;
}

TEST(DecisionTree, ReproducesSeparableAssignments) {
  Accounts a = MakeAccounts();
  auto features = Pointers(a.features);
  DecisionTree tree = FitDecisionTree(features, a.labels, 3, TreeOptions{});
  EXPECT_EQ(tree.agreement, 1.0);
  for (size_t r = 0; r < a.labels.size(); ++r)
    EXPECT_EQ(PredictTree(tree, features, r), a.labels[r]);
  // Blobs in the plane: two splits suffice.
  auto blobs = testing::MakeBlobs({{0, 0}, {10, 0}, {0, 10}}, 30, 1.0, 2);
  Feature x{"x"}, y{"y"};
  for (Eigen::Index r = 0; r < blobs.points.rows(); ++r) {
    x.values.push_back(blobs.points(r, 0));
    y.values.push_back(blobs.points(r, 1));
  }
  DecisionTree plane = FitDecisionTree({&x, &y}, blobs.blob, 3, TreeOptions{});
  EXPECT_EQ(plane.agreement, 1.0);
  EXPECT_EQ(plane.nodes.size(), 5u);  // root, one inner split, three leaves
}

TEST(ClusterRules, YamlIsAClassifyStepThatGivesTheTreesLabels) {
  Accounts a = MakeAccounts();
  auto features = Pointers(a.features);
  DecisionTree tree = FitDecisionTree(features, a.labels, 3, TreeOptions{});
  ClassifyYamlOptions options;
  options.output = "segment";
  options.is_keyword = [](const std::string& upper) { return IsKeyword(upper); };
  options.booleans = {"active"};
  const std::vector<std::string> labels = {"Big", "Soft · ware", "Other \"x\""};
  std::string yaml = ClassifyStepYaml(tree, features, labels, {"profile", "", "more"}, options);
  EXPECT_EQ(yaml.rfind("# profile\n#\n# more\n  - classify:\n      output: segment\n", 0), 0u)
      << yaml;
  EXPECT_NE(
      yaml.find("employees <= 101 AND (industry IS NULL OR industry IN ('Retail', 'Software'))"),
      std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("'Trade''s'"), std::string::npos) << yaml;
  const std::string policy =
      "input:\n  name: accounts\n  key: id\n"
      "  columns: {id: string, employees: integer, industry: {type: string, empty_is_null: true},"
      " active: boolean}\n"
      "steps:\n" +
      yaml + "output:\n  columns: [id, segment]\n";
  EXPECT_NO_THROW(Plan::Compile(ParsePolicyText("policy.yaml", policy))) << policy;
  auto run = acctseg::testing::RunPolicy(policy, a.csv);
  ASSERT_EQ(run.exit_code, 0) << run.output << policy;
  std::istringstream lines(run.output);
  std::string line;
  std::getline(lines, line);
  for (size_t r = 0; std::getline(lines, line); ++r) {
    std::string expected = "a" + std::to_string(r) + ",";
    AppendCsvField(labels[a.labels[r]], false, expected);
    EXPECT_EQ(line, expected) << policy;
  }
}

}  // namespace
}  // namespace acctseg::learn
