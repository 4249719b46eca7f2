// What an explanation says beyond each step's own summary: the headline, the
// outputs line of the text form, and the values an expression read.
#include "explain/explain.h"

#include <gtest/gtest.h>

#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::ExplainPolicyAccount;

// accounts(id, name, n) with a band from n, no `summary:` unless given.
std::string Policy(const std::string& steps, const std::string& summary = "") {
  return "input:\n"
         "  name: accounts\n"
         "  key: id\n"
         "  columns: {id: string, name: string, n: {type: integer, empty_is_null: true}}\n"
         "steps:\n" +
         steps + "output:\n  columns: [id, name, band]\n" + summary;
}

const char* kBand =
    "  - compute:\n"
    "      band: \"CASE WHEN n >= 10 THEN 'big' WHEN n >= 0 THEN 'small' END\"\n";

TEST(Explain, WithoutASummaryTheHeadlineSaysWhatTheStepsDecidedNotTheInputs) {
  // Undeclared, the summary's dimensions are every text output, the input's
  // name too: "a is in name Acme, band big" read as nonsense.
  auto e = ExplainPolicyAccount(Policy(kBand), "id,name,n\na,Acme,12\n", "a");
  EXPECT_EQ(e["headline"], "a is in band big");
  // Declared, the policy's own words, input columns included.
  auto declared = ExplainPolicyAccount(Policy(kBand, "summary:\n  dimensions: [name, band]\n"),
                                       "id,name,n\na,Acme,12\n", "a");
  EXPECT_EQ(declared["headline"], "a is in name Acme, band big");
}

TEST(Explain, TextSaysNullForANullOutputAsEverywhereElse) {
  auto e = ExplainPolicyAccount(Policy(kBand), "id,name,n\nb,Bolt,\n", "b");
  ASSERT_TRUE(e["outputs"]["band"].is_null()) << e.dump();
  const std::string text = RenderExplanationText(e);
  EXPECT_NE(text.find("  id b, name Bolt, band NULL\n"), std::string::npos) << text;
  EXPECT_NE(text.find("n = NULL"), std::string::npos) << text;  // the compute's reads
}

TEST(Explain, AsOfIsAmongTheReadsWithTheDateItStoodFor) {
  const std::string policy =
      "as_of: 2020-01-01\n" + Policy(
                                  "  - compute:\n"
                                  "      days: AS_OF - DATE '2019-12-01'\n"
                                  "      band: \"CASE WHEN days > n THEN 'late' END\"\n");
  auto e = ExplainPolicyAccount(policy, "id,name,n\na,Acme,12\n", "a");
  const auto& compute = e["steps"][0];
  EXPECT_EQ(compute["columns"][0]["reads"], nlohmann::ordered_json({{"AS_OF", "2020-01-01"}}))
      << compute.dump();
  EXPECT_NE(compute["summary"].get<std::string>().find("AS_OF = '2020-01-01'"), std::string::npos)
      << compute["summary"];
}

}  // namespace
}  // namespace acctseg
