// The normalize step: outputs, issue codes, bind errors and explain.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "explain/explain.h"
#include "plan/plan.h"
#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::RunPolicy;

const char* kInput =
    "input:\n"
    "  name: accounts\n"
    "  key: id\n"
    "  columns: {id: string, country: string, site: string, company: string, phone: string,\n"
    "            n: integer}\n";

const char* kSteps =
    "steps:\n"
    "  - normalize:\n"
    "      country_code: {country: country, issue: country_unknown}\n"
    "      web_domain: {domain: site, issue: domain_unknown}\n"
    "      name_key: {company_name: company}\n"
    "      phone_digits: {phone: phone}\n"
    "      key_twice: {company_name: 'name_key || '' Inc.'''}\n";

const char* kCsv =
    "id,country,site,company,phone,n\n"
    "a1,USA,https://www.Acme.com/about,\"The Acme Corp., Inc.\",+1 (555) 010-9999,1\n"
    "a2,Deutschland,info@mueller.de,Müller GmbH,030 1234567,2\n"
    "a3,Narnia,n/a,...,12,3\n"
    "a4,,,,,4\n"
    "a5,US,acme.com,ACME corp,5550109999,5\n";

std::string Policy(const std::string& steps, const std::string& outputs) {
  return std::string(kInput) + steps + "output:\n  columns: [" + outputs + "]\n";
}

TEST(NormalizeStep, NormalizesAndFlagsUnrecognizedValues) {
  auto run = RunPolicy(
      Policy(kSteps, "id, country_code, web_domain, name_key, phone_digits, key_twice, issues"),
      kCsv);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // a3: every value present and none recognized, but only two outputs have
  // an issue code; a4: nothing to normalize, so no issue.
  EXPECT_EQ(run.output,
            "id,country_code,web_domain,name_key,phone_digits,key_twice,issues\n"
            "a1,US,acme.com,acme,+15550109999,acme,\n"
            "a2,DE,mueller.de,muller,0301234567,muller,\n"
            "a3,,,,,,country_unknown;domain_unknown\n"
            "a4,,,,,,\n"
            "a5,US,acme.com,acme,5550109999,acme,\n");
}

TEST(NormalizeStep, ManyRowsTakeTheDictionaryPath) {
  // 5,000 rows of 5 distinct values over several threads: each value is
  // normalized once, and every row gets its value's result.
  std::string csv = "id,country,site,company,phone,n\n";
  const char* countries[] = {"usa", "U.K.", "", "Atlantis", "Österreich"};
  for (int i = 0; i < 5000; ++i)
    csv += "r" + std::to_string(i) + "," + countries[i % 5] + ",,,,0\n";
  auto run = RunPolicy(
      Policy("steps:\n  - normalize:\n      cc: {country: country, issue: bad}\n", "cc, issues"),
      csv, {}, 4);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string expected = "cc,issues\n";
  const char* results[] = {"US,\n", "GB,\n", ",\n", ",bad\n", "AT,\n"};
  for (int i = 0; i < 5000; ++i) expected += results[i % 5];
  EXPECT_EQ(run.output, expected);
}

TEST(NormalizeStep, BindErrorsNameTheirPlace) {
  auto bad = [](const std::string& outputs) {
    return RunPolicy(Policy("steps:\n  - normalize:\n" + outputs, "id"), kCsv).output;
  };
  EXPECT_NE(bad("      x: {country: n}\n")
                .find("policy.yaml:8:20: normalize country expects a "
                      "string, found integer"),
            std::string::npos);
  EXPECT_NE(bad("      x: {country: country, phone: phone}\n")
                .find("takes one normalizer, not country and phone"),
            std::string::npos);
  EXPECT_NE(bad("      x: {contry: country}\n").find("unknown key \"contry\""), std::string::npos);
  EXPECT_NE(bad("      x: {issue: bad}\n").find("normalize output \"x\" needs a normalizer"),
            std::string::npos);
  EXPECT_NE(bad("      x: country\n").find("a normalize output is a mapping"), std::string::npos);
  EXPECT_NE(bad("      id: {country: country}\n").find("id"), std::string::npos);
  EXPECT_NE(bad("      x: {domain: nosuch}\n").find("unknown column \"nosuch\""),
            std::string::npos);
}

// Runs the policy on kCsv and explains account `id`.
nlohmann::ordered_json ExplainOf(const std::string& id) {
  std::string pattern = (std::filesystem::temp_directory_path() / "acctseg-test-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  std::ofstream(dir / "accounts.csv", std::ios::binary) << kCsv;
  const std::string policy = Policy(kSteps, "id, country_code, issues");
  auto plan = Plan::Compile(ParsePolicyText((dir / "policy.yaml").string(), policy));
  auto execution = plan->Execute((dir / "accounts.csv").string(), RunOptions{});
  nlohmann::ordered_json explanation = ExplainAccount(*execution, *execution->FindAccount(id));
  std::filesystem::remove_all(dir);
  return explanation["steps"][0];
}

TEST(NormalizeStep, ExplainSaysWhatEachNormalizerDid) {
  nlohmann::ordered_json a1 = ExplainOf("a1");
  EXPECT_EQ(a1["kind"], "normalize");
  ASSERT_EQ(a1["columns"].size(), 5u);
  const auto& country = a1["columns"][0];
  EXPECT_EQ(country["name"], "country_code");
  EXPECT_EQ(country["normalizer"], "COUNTRY_CODE");
  EXPECT_EQ(country["expr"], "country");
  EXPECT_EQ(country["raw"], "USA");
  EXPECT_EQ(country["value"], "US");
  EXPECT_EQ(country["status"], "changed");
  EXPECT_FALSE(country.contains("issue"));
  EXPECT_EQ(a1["outputs"]["web_domain"], "acme.com");
  EXPECT_EQ(a1["columns"][4]["raw"], "acme Inc.");  // an expression's value
  EXPECT_EQ(a1["columns"][4]["status"], "changed");

  nlohmann::ordered_json a3 = ExplainOf("a3");
  EXPECT_EQ(a3["columns"][0]["status"], "not recognized");
  EXPECT_EQ(a3["columns"][0]["issue"], "country_unknown");
  EXPECT_TRUE(a3["columns"][0]["value"].is_null());
  EXPECT_FALSE(a3["columns"][2].contains("issue"));  // name_key has no issue code
  EXPECT_TRUE(a3["summary"].get<std::string>().starts_with(
      "country_code = NULL (COUNTRY_CODE of country = 'Narnia': not recognized, issue "
      "country_unknown); web_domain = NULL (DOMAIN of site = 'n/a': not recognized, issue "
      "domain_unknown); name_key = NULL (NAME_KEY of company = '...': not recognized)"))
      << a3["summary"];

  nlohmann::ordered_json a4 = ExplainOf("a4");
  EXPECT_EQ(a4["columns"][0]["status"], "missing");
  EXPECT_EQ(a4["columns"][0]["raw"], "");  // an empty field: nothing to normalize

  nlohmann::ordered_json a5 = ExplainOf("a5");
  EXPECT_EQ(a5["columns"][0]["status"], "unchanged");
  EXPECT_EQ(a5["columns"][1]["status"], "unchanged");  // acme.com
}

}  // namespace
}  // namespace acctseg
