// The dedupe step through real policies: clusters by domain and by names,
// transitive clusters, survivor order and ties, NULL and empty keys,
// blocking by country and window, the same result at any thread count,
// explanations and bind errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.h"
#include "explain/explain.h"
#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::RunPolicy;

std::string Policy(const std::string& dedupe) {
  return "input:\n"
         "  name: accounts\n"
         "  key: id\n"
         "  columns: {id: string, domain: string, name: string, country: string,\n"
         "            activity: {type: integer, empty_is_null: true}}\n"
         "steps:\n"
         "  - dedupe:\n" +
         dedupe + "output:\n  columns: [id, cluster, duplicate_of, issues]\n";
}

const char* kFull =
    "      domain: domain\n"
    "      name_key: LOWER(name)\n"
    "      country: country\n"
    "      similarity: 0.9\n"
    "      survivor: [activity DESC, id]\n"
    "      cluster: cluster\n"
    "      duplicate_of: duplicate_of\n";

// A1-A2 share a domain, A2-A3 a name in DE: one cluster of three, A2 the
// most active. B1/B2 are similar names in US (tied activity: id decides);
// B3 has B1's name in another country. C and D have no usable keys (empty,
// or no country). E1 has no activity: NULLs sort last.
const char* kAccounts =
    "id,domain,name,country,activity\n"
    "A1,acme.com,Acme,US,5\n"
    "A2,acme.com,Acme Holdings,DE,9\n"
    "A3,,acme holdings,DE,1\n"
    "B2,,Globexx,US,3\n"
    "B1,,Globex,US,3\n"
    "B3,,Globex,GB,7\n"
    "C1,,,US,1\n"
    "C2,,,US,1\n"
    "D1,,initech,,4\n"
    "D2,,Initech,,4\n"
    "E1,example.org,Zeta,US,\n"
    "E2,example.org,Omega,US,2\n";

const char* kExpected =
    "id,cluster,duplicate_of,issues\n"
    "A1,A2,A2,possible_duplicate\n"
    "A2,A2,,possible_duplicate\n"
    "A3,A2,A2,possible_duplicate\n"
    "B2,B1,B1,possible_duplicate\n"
    "B1,B1,,possible_duplicate\n"
    "B3,,,\n"
    "C1,,,\n"
    "C2,,,\n"
    "D1,,,\n"
    "D2,,,\n"
    "E1,E2,E2,possible_duplicate\n"
    "E2,E2,,possible_duplicate\n";

TEST(DedupeStep, ClustersByDomainAndNamesWithSurvivors) {
  auto run = RunPolicy(Policy(kFull), kAccounts);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, kExpected);
}

TEST(DedupeStep, WithoutSurvivorOrderTheFirstRowWinsAndNoCountryComparesAll) {
  auto run = RunPolicy(Policy("      name_key: LOWER(name)\n"
                              "      cluster: cluster\n"
                              "      duplicate_of: duplicate_of\n"
                              "      issue: maybe_dup\n"),
                       kAccounts);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Names only, across countries at the default 0.92: acme / acme holdings
  // are 0.83 apart, so only the equal names and globex / globexx (0.97) link.
  EXPECT_EQ(run.output,
            "id,cluster,duplicate_of,issues\n"
            "A1,,,\n"
            "A2,A2,,maybe_dup\n"
            "A3,A2,A2,maybe_dup\n"
            "B2,B2,,maybe_dup\n"
            "B1,B2,B2,maybe_dup\n"
            "B3,B2,B2,maybe_dup\n"
            "C1,,,\n"
            "C2,,,\n"
            "D1,D1,,maybe_dup\n"
            "D2,D1,D1,maybe_dup\n"
            "E1,,,\n"
            "E2,,,\n");
}

TEST(DedupeStep, WindowBoundsTheNamesCompared) {
  // Sorted: globex, globex corp, globexx. globex / globexx (0.971) are two
  // apart; each neighbouring pair is below 0.95.
  std::string csv =
      "id,domain,name,country,activity\n"
      "X1,,globex,US,1\n"
      "X2,,globex corp,US,1\n"
      "X3,,globexx,US,1\n";
  std::string base =
      "      name_key: name\n"
      "      similarity: 0.95\n"
      "      cluster: cluster\n"
      "      duplicate_of: duplicate_of\n";
  auto narrow = RunPolicy(Policy(base + "      window: 1\n"), csv);
  ASSERT_EQ(narrow.exit_code, 0) << narrow.output;
  EXPECT_EQ(narrow.output, "id,cluster,duplicate_of,issues\nX1,,,\nX2,,,\nX3,,,\n");
  auto wide = RunPolicy(Policy(base + "      window: 2\n"), csv);
  ASSERT_EQ(wide.exit_code, 0) << wide.output;
  EXPECT_EQ(wide.output,
            "id,cluster,duplicate_of,issues\n"
            "X1,X1,,possible_duplicate\n"
            "X2,,,\n"
            "X3,X1,X1,possible_duplicate\n");
}

// Many accounts with near-duplicate names and shared domains, enough rows
// for the parallel sorts and several comparison tasks.
std::string ManyAccounts(size_t rows) {
  std::mt19937 random(7);
  const char* countries[] = {"US", "DE", "GB", "FR"};
  std::string csv = "id,domain,name,country,activity\n";
  for (size_t i = 0; i < rows; ++i) {
    std::string name;
    for (int k = 0; k < 6; ++k) name += static_cast<char>('a' + random() % 6);
    std::string domain = random() % 4 == 0 ? name.substr(0, 4) + ".com" : "";
    csv += "N" + std::to_string(i) + "," + domain + "," + name + "," + countries[random() % 4] +
           "," + std::to_string(random() % 50) + "\n";
  }
  return csv;
}

// An id other than the key names the clusters: empty or repeated, it
// would name none, or two accounts (k4's duplicate_of was its own id).
TEST(DedupeStep, AnIdOtherThanTheKeyMustNameOneAccount) {
  const std::string policy =
      "input:\n  key: key\n"
      "  columns: {key: string, alt: {type: string, empty_is_null: true}, web: string}\n"
      "steps:\n  - dedupe: {domain: web, id: alt, cluster: cl, duplicate_of: dup}\n"
      "output: [key, cl, dup]\n";
  auto empty = RunPolicy(policy, "key,alt,web\nk1,,acme.com\nk2,B,acme.com\n");
  EXPECT_EQ(empty.exit_code, 65) << empty.output;
  EXPECT_NE(empty.output.find(":2: the dedupe id alt is empty"), std::string::npos) << empty.output;
  // Empty text, not NULL (no empty_is_null): a cluster named '' read as none.
  std::string plain = policy;
  plain.replace(plain.find("{type: string, empty_is_null: true}"),
                std::string("{type: string, empty_is_null: true}").size(), "string");
  auto blank = RunPolicy(plain, "key,alt,web\nk1,,acme.com\nk2,B,acme.com\n");
  EXPECT_EQ(blank.exit_code, 65) << blank.output;
  EXPECT_NE(blank.output.find(":2: the dedupe id alt is empty"), std::string::npos) << blank.output;
  auto repeated = RunPolicy(policy, "key,alt,web\nk3,C,foo.com\nk4,C,foo.com\n");
  EXPECT_EQ(repeated.exit_code, 65) << repeated.output;
  EXPECT_NE(repeated.output.find(":3: duplicate dedupe id alt \"C\" (first on line 2)"),
            std::string::npos)
      << repeated.output;
}

// The input's key may be empty (the row is kept, with a warning): such a
// row cannot name its cluster, so it is never the survivor while the
// cluster has a row with an id (it was, and the whole cluster was left
// unnamed with the issue set).
TEST(DedupeStep, ARowWithoutAnIdIsNeverTheSurvivor) {
  const std::string policy =
      "input:\n  key: id\n"
      "  columns: {id: {type: string, empty_is_null: true}, web: string, act: integer}\n"
      "steps:\n  - dedupe: {domain: web, survivor: [act DESC], cluster: cl, duplicate_of: dup}\n"
      "output: [id, cl, dup, issues]\n";
  auto run = RunPolicy(policy,
                       "id,web,act\nA3,c.com,9\nA4,c.com,1\n,c.com,99\n"
                       ",x.com,5\n,x.com,7\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,cl,dup,issues\n"
            "A3,A3,,possible_duplicate\n"
            "A4,A3,A3,possible_duplicate\n"
            ",A3,A3,possible_duplicate\n"
            ",,,\n"  // a cluster none of whose rows has an id is named by none
            ",,,\n");
}

TEST(DedupeStep, SameResultAtAnyThreadCount) {
  std::string csv = ManyAccounts(90000);
  auto one = RunPolicy(Policy(kFull), csv, {}, 1);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("possible_duplicate"), std::string::npos);
  for (int threads : {2, 5}) {
    auto many = RunPolicy(Policy(kFull), csv, {}, threads);
    ASSERT_EQ(many.exit_code, 0) << many.output;
    EXPECT_TRUE(one.output == many.output) << "differs at " << threads << " threads";
  }
}

// Runs the policy over the accounts and explains account `id`.
nlohmann::ordered_json ExplainDedupe(const std::string& policy, const std::string& csv,
                                     const std::string& id) {
  std::string pattern = (std::filesystem::temp_directory_path() / "acctseg-dedupe-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  std::ofstream(dir / "accounts.csv") << csv;
  auto plan = Plan::Compile(ParsePolicyText((dir / "policy.yaml").string(), policy));
  RunOptions options;
  options.threads = 2;
  auto execution = plan->Execute((dir / "accounts.csv").string(), options);
  auto explanation = ExplainAccount(*execution, *execution->FindAccount(id));
  std::filesystem::remove_all(dir);
  return explanation["steps"][0];
}

TEST(DedupeStep, ExplainsThePathToTheSurvivor) {
  // A1 reaches its survivor A2 by the shared domain.
  auto a1 = ExplainDedupe(Policy(kFull), kAccounts, "A1");
  EXPECT_EQ(a1["kind"], "dedupe");
  EXPECT_EQ(a1["outputs"]["cluster"], "A2");
  EXPECT_EQ(a1["outputs"]["duplicate_of"], "A2");
  EXPECT_EQ(a1["cluster"].dump(), R"({"id":"A2","size":3,"survivor":"A2"})");
  EXPECT_EQ(a1["links"].dump(),
            R"([{"from":"A2","to":"A1","reason":"same domain","domain":"acme.com"}])");
  EXPECT_EQ(a1["survivor_by"]["survivor"][0]["value"], 9);
  EXPECT_EQ(a1["summary"],
            "cluster = A2: duplicate of A2 (activity = 9, id = 'A2' before activity = 5, "
            "id = 'A1') among 3; A2 ~ A1: same domain acme.com");
  // A3 reaches A2 by the equal name in DE.
  auto a3 = ExplainDedupe(Policy(kFull), kAccounts, "A3");
  EXPECT_EQ(
      a3["links"].dump(),
      R"([{"from":"A3","to":"A2","reason":"same name","name":"acme holdings","country":"DE"}])");
  // B2 and B1 by similarity, with the figure compared and the threshold.
  auto b2 = ExplainDedupe(Policy(kFull), kAccounts, "B2");
  EXPECT_EQ(b2["links"].dump(),
            R"([{"from":"B2","to":"B1","reason":"similar names","names":["globexx","globex"],)"
            R"("similarity":0.9714,"threshold":0.9,"country":"US"}])");
  EXPECT_NE(b2["summary"].get<std::string>().find(
                "B2 ~ B1: names 'globexx' / 'globex' similar 0.9714 >= 0.9 in country US"),
            std::string::npos)
      << b2["summary"];
  // The survivor lists its own links.
  auto a2 = ExplainDedupe(Policy(kFull), kAccounts, "A2");
  EXPECT_TRUE(a2["outputs"]["duplicate_of"].is_null());
  EXPECT_EQ(a2["links"].size(), 2u) << a2.dump();
  EXPECT_EQ(a2["summary"],
            "cluster = A2: the survivor (activity = 9, id = 'A2') of 3 likely duplicates; "
            "A2 ~ A1: same domain acme.com, A3 ~ A2: same name 'acme holdings' in country DE");
  // A row in no cluster says what it could have matched by.
  auto c1 = ExplainDedupe(Policy(kFull), kAccounts, "C1");
  EXPECT_TRUE(c1["cluster"].is_null());
  EXPECT_EQ(c1["summary"],
            "cluster = NULL: no other account shares a domain (it has none) or a name (it has "
            "none)");
}

TEST(DedupeStep, ExplainsALongChainLinkByLink) {
  // abcdef1 ~ abcdef12 ~ abcdef123 ...: each only similar to its neighbours.
  std::string csv = "id,domain,name,country,activity\n";
  std::string name = "abcdef";
  for (int i = 1; i <= 4; ++i) {
    name += std::to_string(i);
    csv += "R" + std::to_string(i) + ",," + name + ",US,1\n";
  }
  auto policy = Policy(
      "      name_key: name\n      similarity: 0.97\n      cluster: cluster\n"
      "      duplicate_of: duplicate_of\n");
  auto r4 = ExplainDedupe(policy, csv, "R4");
  EXPECT_EQ(r4["outputs"]["duplicate_of"], "R1");
  ASSERT_EQ(r4["links"].size(), 3u) << r4.dump();
  EXPECT_EQ(r4["links"][0]["from"], "R4");
  EXPECT_EQ(r4["links"][2]["to"], "R1");
}

TEST(DedupeStep, BindErrorsNameTheirPlace) {
  struct Case {
    std::string dedupe, message;
  };
  std::vector<Case> cases = {
      {"      domain: activity\n      cluster: c\n", "policy.yaml:8:15: domain must be text"},
      {"      cluster: c\n", "a dedupe step needs domain, name_key or both"},
      {"      domain: domain\n      country: country\n      cluster: c\n",
       "country only narrows name comparisons"},
      {"      name_key: name\n      similarity: 1.5\n      cluster: c\n",
       "policy.yaml:9:19: similarity must be above 0 and at most 1"},
      {"      name_key: name\n      window: 2.5\n      cluster: c\n", "expected a whole number"},
      {"      name_key: name\n      id: nam\n      cluster: c\n",
       "unknown column \"nam\" (did you mean \"name\"?)"},
      {"      name_key: name\n      cluster: name\n", "column \"name\" is already defined"},
      {"      name_key: name\n      survivor: [\"SPLIT(name, ',')\"]\n      cluster: c\n",
       "cannot order by a list"},
      {"      name_key: name\n      cluster: c\n      weight: 2\n", "unknown key \"weight\""},
  };
  for (const Case& c : cases) {
    auto run = RunPolicy(Policy(c.dedupe), "id,domain,name,country,activity\n");
    EXPECT_NE(run.exit_code, 0) << c.dedupe;
    EXPECT_NE(run.output.find(c.message), std::string::npos) << c.dedupe << "\n" << run.output;
  }
}

}  // namespace
}  // namespace acctseg
