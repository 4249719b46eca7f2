// The aggregate step and steps on related inputs, through real policies
// over small CSV inputs (values checked by hand).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "util/run_policy.h"

namespace acctseg {
namespace {

using testing::RunPolicy;

const char* kAccounts =
    "id,parent,employees\n"
    "a1,,100\n"
    "a2,,5000\n"
    "a3,,20\n"
    "a4,a1,300\n";

// o6 names an account that does not exist; o7 names none.
const char* kOpportunities =
    "opp_id,account,stage,amount,product,day\n"
    "o1,a1,Won,100.50,GTX,3\n"
    "o2,a1,Lost,50.00,MG,5\n"
    "o3,a1,Won,20.25,MG,7\n"
    "o4,a2,Won,1000.00,GTX,1\n"
    "o5,a2,Engaging,,GTX,9\n"
    "o6,zz,Won,5.00,GTX,2\n"
    "o7,,Prospecting,,MG,4\n"
    "o8,a4,Lost,10.00,,6\n"
    "o9,a1,Won,,GTX,8\n";

std::string Policy(const std::string& steps, const std::string& outputs) {
  return "inputs:\n"
         "  accounts:\n"
         "    key: id\n"
         "    columns: {id: string, parent: string, employees: integer}\n"
         "  opportunities:\n"
         "    key: opp_id\n"
         "    columns:\n"
         "      opp_id: string\n"
         "      account: {type: string, empty_is_null: true}\n"
         "      stage: string\n"
         "      amount: decimal(2)\n"
         "      product: {type: string, empty_is_null: true}\n"
         "      day: integer\n"
         "steps:\n" +
         steps + "output:\n  columns: [" + outputs + "]\n";
}

TEST(AggregateStep, EveryTableAggregate) {
  auto run =
      RunPolicy(Policy("  - family: {id: id, parent: parent}\n"
                       "  - aggregate:\n"
                       "      from: opportunities\n"
                       "      by: account\n"
                       "      columns:\n"
                       "        rows: COUNT()\n"
                       "        amounts: COUNT(amount)\n"
                       "        won: COUNT_IF(stage = 'Won')\n"
                       "        total: SUM(amount)\n"
                       "        won_amount: SUM_IF(amount, stage = 'Won')\n"
                       "        smallest: MIN(amount)\n"
                       "        largest: MAX(amount)\n"
                       "        last_won_day: MAX_IF(day, stage = 'Won')\n"
                       "        average: AVG(amount)\n"
                       "        products: COUNT_DISTINCT(product)\n"
                       "        any_lost: ANY(stage = 'Lost')\n"
                       "        all_won: ALL(stage = 'Won')\n"
                       "        first_stage: FIRST(stage, day)\n"
                       "        last_stage: LAST(stage, day)\n"
                       "        owned: LIST_DISTINCT(product)\n"
                       "        win_rate: COUNT_IF(stage = 'Won') / NULLIF(COUNT_IF(stage IN "
                       "('Won', 'Lost')), 0)\n"
                       "  - compute:\n"
                       "      family_won: FAMILY_SUM(won_amount)\n",
                       "id, rows, amounts, won, total, won_amount, smallest, largest, "
                       "last_won_day, average, products, any_lost, all_won, first_stage, "
                       "last_stage, owned, win_rate, family_won"),
                kAccounts, {{"opportunities.csv", kOpportunities}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // a1: o1, o2, o3, o9 (o9 won without an amount); a3 has no rows; a4
  // belongs to a1's family, so it shares a1's family_won.
  EXPECT_EQ(run.output,
            "id,rows,amounts,won,total,won_amount,smallest,largest,last_won_day,average,products,"
            "any_lost,all_won,first_stage,last_stage,owned,win_rate,family_won\n"
            "a1,4,3,3,170.75,120.75,20.25,100.50,8,56.9167,2,true,false,Won,Won,GTX;MG,0.750000,"
            "120.75\n"
            "a2,2,1,1,1000.00,1000.00,1000.00,1000.00,1,1000.0000,1,false,false,Won,Engaging,GTX,"
            "1.000000,1000.00\n"
            "a3,0,0,0,,,,,,,0,false,true,,,,,\n"
            "a4,1,1,0,10.00,,10.00,10.00,,10.0000,0,true,false,Lost,Lost,,0.000000,120.75\n");
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("1 opportunities row of "), std::string::npos) << run.notes[0];
  EXPECT_NE(run.notes[0].find("matches no account by account, e.g. \"zz\" (line 7)"),
            std::string::npos)
      << run.notes[0];
  EXPECT_NE(run.notes[0].find("1 opportunities row has no account"), std::string::npos)
      << run.notes[0];
}

// An empty `by` is no key whether the reader or a step made it: '' from
// UPPER(account) is counted "without a key", like the reader's NULL, not
// as a key no account has (docs/policy-language.md §3.7).
TEST(AggregateStep, AnEmptyKeyAStepMadeIsNoKey) {
  auto run = RunPolicy(Policy("  - compute:\n"
                              "      on: opportunities\n"
                              "      upper_account: LOWER(COALESCE(account, ''))\n"
                              "  - aggregate:\n"
                              "      from: opportunities\n"
                              "      by: upper_account\n"
                              "      columns: {n: COUNT()}\n",
                              "id, n"),
                       kAccounts, {{"opportunities.csv", kOpportunities}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,n\na1,4\na2,2\na3,0\na4,1\n");
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("matches no account by upper_account, e.g. \"zz\" (line 7)"),
            std::string::npos)
      << run.notes[0];
  EXPECT_NE(run.notes[0].find("1 opportunities row has no upper_account"), std::string::npos)
      << run.notes[0];
  EXPECT_EQ(run.notes[0].find("\"\""), std::string::npos) << run.notes[0];
}

// A related input's blank rows (a spreadsheet's ",,,,,") belong to no
// account: counted as rows without a key, not refused as the accounts'
// blank rows are, with a key of its own or without.
TEST(AggregateStep, ARelatedInputsBlankRowsBelongToNoAccount) {
  const std::string blank = std::string(kOpportunities) + ",,,,,\n";
  auto run = RunPolicy(Policy("  - aggregate: {from: opportunities, by: account, columns: {n: "
                              "COUNT()}}\n",
                              "id, n"),
                       kAccounts, {{"opportunities.csv", blank}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,n\na1,4\na2,2\na3,0\na4,1\n");
  std::string notes;
  for (const std::string& note : run.notes) notes += note + "\n";
  EXPECT_NE(notes.find("2 opportunities rows have no account"), std::string::npos) << notes;
}

TEST(AggregateStep, WhereFiltersAndAccountColumnsMix) {
  auto run = RunPolicy(Policy("  - aggregate:\n"
                              "      from: opportunities\n"
                              "      by: account\n"
                              "      where: day >= 5 AND amount IS NOT NULL\n"
                              "      unmatched: ignore\n"
                              "      columns:\n"
                              "        recent: COUNT()\n"
                              "        per_employee: SUM(amount) / employees\n",
                              "id, recent, per_employee"),
                       kAccounts, {{"opportunities.csv", kOpportunities}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,recent,per_employee\n"
            "a1,2,0.702500\n"
            "a2,0,\n"
            "a3,0,\n"
            "a4,1,0.033333\n");
  EXPECT_TRUE(run.notes.empty());
}

TEST(AggregateStep, UnmatchedErrorStopsTheRun) {
  auto run = RunPolicy(Policy("  - aggregate:\n"
                              "      from: opportunities\n"
                              "      by: account\n"
                              "      unmatched: error\n"
                              "      columns: {n: COUNT()}\n",
                              "id, n"),
                       kAccounts, {{"opportunities.csv", kOpportunities}});
  EXPECT_EQ(run.exit_code, 65) << run.output;
  EXPECT_NE(run.output.find("match"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("unmatched: error"), std::string::npos) << run.output;
}

// A row error in an aggregate's argument names the column whose call it is
// in (it named only the step; an overflow in the column named it), and a
// failing where: says so.
TEST(AggregateStep, ARowErrorInAnArgumentNamesItsColumn) {
  auto run = RunPolicy(Policy("  - aggregate:\n"
                              "      from: opportunities\n"
                              "      by: account\n"
                              "      columns: {n: COUNT(), first_day: MIN(DATE(stage))}\n",
                              "id, n"),
                       kAccounts, {{"opportunities.csv", kOpportunities}});
  EXPECT_EQ(run.exit_code, 65) << run.output;
  EXPECT_NE(run.output.find("aggregate from opportunities first_day: invalid date 'Won' "
                            "(expected YYYY-MM-DD) for opp_id \"o1\""),
            std::string::npos)
      << run.output;
  run = RunPolicy(Policy("  - aggregate:\n"
                         "      from: opportunities\n"
                         "      by: account\n"
                         "      where: DATE(stage) > AS_OF\n"
                         "      columns: {n: COUNT()}\n",
                         "id, n"),
                  kAccounts, {{"opportunities.csv", kOpportunities}});
  EXPECT_EQ(run.exit_code, 65) << run.output;
  EXPECT_NE(run.output.find("aggregate from opportunities where: invalid date 'Won'"),
            std::string::npos)
      << run.output;
}

// Many rows over many accounts: the fold's per-worker accumulators and
// their merge must give the same answer on any number of threads.
TEST(AggregateStep, ThreadsDoNotChangeTheResult) {
  std::mt19937 random(7);
  std::string accounts = "id,parent,employees\n";
  for (int a = 0; a < 3000; ++a)
    accounts += "a" + std::to_string(a) + ",," + std::to_string(a) + "\n";
  const char* stages[] = {"Won", "Lost", "Engaging"};
  const char* products[] = {"GTX", "MG", "GTK", ""};
  std::string opportunities = "opp_id,account,stage,amount,product,day\n";
  for (int o = 0; o < 60000; ++o) {
    opportunities += "o" + std::to_string(o) + ",a" + std::to_string(random() % 3100) + "," +
                     stages[random() % 3] + "," +
                     (random() % 10 ? std::to_string(random() % 100000) + ".25" : "") + "," +
                     products[random() % 4] + "," + std::to_string(random() % 50) + "\n";
  }
  std::string policy = Policy(
      "  - aggregate:\n"
      "      from: opportunities\n"
      "      by: account\n"
      "      unmatched: ignore\n"
      "      columns:\n"
      "        n: COUNT()\n"
      "        won: SUM_IF(amount, stage = 'Won')\n"
      "        low: MIN(product)\n"
      "        high: MAX(amount)\n"
      "        mean: AVG(amount)\n"
      "        kinds: COUNT_DISTINCT(product)\n"
      "        first: FIRST(product, day)\n"
      "        last: LAST(opp_id, day)\n"
      "        owned: LIST_DISTINCT(product, '|')\n"
      "        lost: ANY(stage = 'Lost')\n",
      "id, n, won, low, high, mean, kinds, first, last, owned, lost");
  auto one = RunPolicy(policy, accounts, {{"opportunities.csv", opportunities}}, 1);
  auto four = RunPolicy(policy, accounts, {{"opportunities.csv", opportunities}}, 4);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.output, four.output);
  EXPECT_GT(one.output.size(), 3000u * 20);
}

// A sum is out of range only when the whole sum is: partial sums beyond
// 64 bits (MAX, then 1, then -1, on whichever workers) are no error, on
// any number of threads; a whole sum or an average beyond its type stops
// the run naming the aggregate and the account.
TEST(AggregateStep, SumsAndAveragesOutOfRangeOnlyWhenWhole) {
  const std::string max = "9223372036854775807";
  std::string opportunities = "opp_id,account,stage,amount,product,day\n";
  opportunities += "m1,a1,Won,,," + max + "\n";
  for (int o = 0; o < 50000; ++o) opportunities += "f" + std::to_string(o) + ",a3,Won,,,0\n";
  opportunities += "m2,a1,Won,,,1\nm3,a1,Won,,,-1\n";
  std::string policy = Policy(
      "  - aggregate:\n"
      "      from: opportunities\n"
      "      by: account\n"
      "      columns: {total: SUM(day)}\n",
      "id, total");
  for (int threads : {1, 4}) {
    auto run = RunPolicy(policy, kAccounts, {{"opportunities.csv", opportunities}}, threads);
    ASSERT_EQ(run.exit_code, 0) << threads << " threads: " << run.output;
    EXPECT_NE(run.output.find("a1," + max + "\n"), std::string::npos) << run.output;
  }
  auto beyond = RunPolicy(policy, kAccounts,
                          {{"opportunities.csv",
                            "opp_id,account,stage,amount,product,day\n"
                            "m1,a2,Won,,," +
                                max + "\nm2,a2,Won,,,1\n"}});
  EXPECT_EQ(beyond.exit_code, 65) << beyond.output;
  EXPECT_NE(beyond.output.find("SUM(day): the sum is out of range"), std::string::npos)
      << beyond.output;
  EXPECT_NE(beyond.output.find("for id \"a2\""), std::string::npos) << beyond.output;
  // The average of two amounts near the top of decimal(2) is beyond the
  // range of its result's scale; it wrapped to a negative number.
  auto average = RunPolicy(Policy("  - aggregate:\n"
                                  "      from: opportunities\n"
                                  "      by: account\n"
                                  "      columns: {mean: AVG(amount)}\n",
                                  "id, mean"),
                           kAccounts,
                           {{"opportunities.csv",
                             "opp_id,account,stage,amount,product,day\n"
                             "m1,a3,Won,90000000000000000.00,,1\n"
                             "m2,a3,Won,90000000000000000.00,,1\n"}});
  EXPECT_EQ(average.exit_code, 65) << average.output;
  EXPECT_NE(average.output.find("AVG(amount): the average is out of range (decimal("),
            std::string::npos)
      << average.output;
  EXPECT_NE(average.output.find("for id \"a3\""), std::string::npos) << average.output;
}

// An empty text is a value (not NULL without empty_is_null) and sorts
// first: the list keeps its separator, as many values as the count says.
TEST(AggregateStep, DistinctListsKeepAnEmptyValue) {
  auto run = RunPolicy(Policy("  - aggregate:\n"
                              "      from: opportunities\n"
                              "      by: account\n"
                              "      columns: {stages: LIST_DISTINCT(stage), kinds: "
                              "COUNT_DISTINCT(stage)}\n",
                              "id, stages, kinds"),
                       kAccounts,
                       {{"opportunities.csv",
                         "opp_id,account,stage,amount,product,day\n"
                         "m1,a3,Won,,,1\nm2,a3,,,,1\nm3,a2,,,,1\n"}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("a3,;Won,2\n"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("a2,,1\n"), std::string::npos) << run.output;
}

// LIST_DISTINCT and COUNT_DISTINCT keep bit sets while at most 64 distinct
// strings are met and sorted pairs past that (aggregate_fold.cc); both must
// give what a std::set per account gives, however the rows fall on workers,
// including when the 65th value first appears late in the input.
TEST(AggregateStep, DistinctListsAreExactWithFewAndManyValues) {
  for (int values : {8, 64, 65, 300}) {
    std::mt19937 random(values);
    std::string accounts = "id,parent,employees\n";
    for (int a = 0; a < 400; ++a) accounts += "a" + std::to_string(a) + ",,1\n";
    std::map<int, std::set<std::string>> expected;
    std::string opportunities = "opp_id,account,stage,amount,product,day\n";
    for (int o = 0; o < 20000; ++o) {
      int account = static_cast<int>(random() % 380);
      // The first half only uses 5 values: the 65th distinct comes late.
      int value = static_cast<int>(random() % (o < 10000 ? std::min(values, 5) : values));
      std::string product = "p" + std::to_string(value);
      opportunities += "o" + std::to_string(o) + ",a" + std::to_string(account) + ",Won,1.00," +
                       product + ",1\n";
      expected[account].insert(product);
    }
    std::string want = "id,kinds,owned\n";
    for (int a = 0; a < 400; ++a) {
      std::string owned;
      for (const std::string& p : expected[a]) owned += (owned.empty() ? "" : "|") + p;
      want +=
          "a" + std::to_string(a) + "," + std::to_string(expected[a].size()) + "," + owned + "\n";
    }
    std::string policy = Policy(
        "  - aggregate:\n"
        "      from: opportunities\n"
        "      by: account\n"
        "      columns:\n"
        "        kinds: COUNT_DISTINCT(product)\n"
        "        owned: LIST_DISTINCT(product, '|')\n",
        "id, kinds, owned");
    for (int threads : {1, 3}) {
      auto run = RunPolicy(policy, accounts, {{"opportunities.csv", opportunities}}, threads);
      ASSERT_EQ(run.exit_code, 0) << run.output;
      EXPECT_EQ(run.output, want) << values << " values, " << threads << " threads";
    }
  }
}

const char* kContacts =
    "account,title\n"
    "a1,Chief Revenue Officer\n"
    "a1,Sales Manager\n"
    "a2,Engineer\n"
    "a2,\n"
    "a4,VP Sales\n";

TEST(StepsOnRelatedInputs, PersonasRolledUpPerAccount) {
  std::string policy =
      "inputs:\n"
      "  accounts:\n"
      "    key: id\n"
      "    columns: {id: string, parent: string, employees: integer}\n"
      "  contacts:\n"
      "    columns: {account: string, title: string}\n"
      "steps:\n"
      "  - compute:\n"
      "      on: contacts\n"
      "      lowered: LOWER(title)\n"
      "  - classify:\n"
      "      on: contacts\n"
      "      output: persona\n"
      "      rules:\n"
      "        - when: lowered LIKE '%chief%' OR lowered LIKE 'vp %'\n"
      "          then: buyer\n"
      "        - when: lowered LIKE '%manager%'\n"
      "          then: influencer\n"
      "        - when: lowered = ''\n"
      "          then: unknown\n"
      "          issue: title_missing\n"
      "        - else: end_user\n"
      "  - aggregate:\n"
      "      from: contacts\n"
      "      by: account\n"
      "      columns:\n"
      "        has_buyer: ANY(persona = 'buyer')\n"
      "        personas: LIST_DISTINCT(persona)\n"
      "output:\n  columns: [id, has_buyer, personas, issues]\n";
  auto run = RunPolicy(policy, kAccounts, {{"contacts.csv", kContacts}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,has_buyer,personas,issues\n"
            "a1,true,buyer;influencer,\n"
            "a2,false,end_user;unknown,\n"
            "a3,false,,\n"
            "a4,true,buyer,\n");
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("contacts ("), std::string::npos) << run.notes[0];
  // With its line, so that the row can be found.
  EXPECT_NE(run.notes[0].find("1 row with issue title_missing (line "), std::string::npos)
      << run.notes[0];
}

// A related input that no step runs on (only folded by an aggregate) keeps
// no issue word per row, yet the issue bits its reader sets for invalid
// values are still counted and noted.
TEST(AggregateStep, InvalidValuesOfAFoldedOnlyInputAreNoted) {
  std::string policy =
      "inputs:\n"
      "  accounts:\n"
      "    key: id\n"
      "    columns: {id: string, parent: string, employees: integer}\n"
      "  opportunities:\n"
      "    columns:\n"
      "      account: string\n"
      "      amount: {type: decimal(2), invalid_issue: bad_amount}\n"
      "steps:\n"
      "  - aggregate:\n"
      "      from: opportunities\n"
      "      by: account\n"
      "      unmatched: ignore\n"
      "      columns:\n"
      "        total: SUM(amount)\n"
      "output:\n  columns: [id, total]\n";
  auto run = RunPolicy(policy, kAccounts,
                       {{"opportunities.csv", "account,amount\na1,10.00\na1,lots\na2,2.50\n"}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,total\na1,10.00\na2,2.50\na3,\na4,\n");
  ASSERT_EQ(run.notes.size(), 1u);
  EXPECT_NE(run.notes[0].find("1 row with issue bad_amount"), std::string::npos) << run.notes[0];
}

// A misspelled from: or on: is one error, not one more for every column
// the step makes (each then read as unknown); the accounts input's name
// there is explained rather than called no related input.
TEST(AggregateStep, AnInputThatIsNotRelatedIsReportedOnce) {
  const std::pair<std::string, std::string> cases[] = {
      {"  - aggregate: {from: opps, by: account, columns: {n: COUNT(), t: SUM(amount)}}\n"
       "  - compute: {u: n + t}\n",
       "no related input \"opps\""},
      {"  - compute: {on: opps, big: amount > 100}\n"
       "  - aggregate: {from: opportunities, by: account, columns: {n: COUNT_IF(big)}}\n",
       "no related input \"opps\""},
      {"  - aggregate: {from: accounts, by: account, columns: {n: COUNT()}}\n"
       "  - compute: {u: n + 1}\n",
       "\"accounts\" is the account universe, onto which aggregate folds the rows of a related "
       "input: from: names one (\"opportunities\")"},
      {"  - compute: {on: accounts, big: employees > 100}\n  - compute: {u: big}\n",
       "\"accounts\" is the account universe, which steps without on: already run on: leave on: "
       "out, or name a related input (\"opportunities\")"},
  };
  for (const auto& [steps, message] : cases) {
    auto run = RunPolicy(Policy(steps, "id"), kAccounts, {{"opportunities.csv", kOpportunities}});
    EXPECT_EQ(run.exit_code, 66) << steps << run.output;
    EXPECT_NE(run.output.find(message), std::string::npos) << steps << "\n" << run.output;
    size_t located = 0;
    for (size_t at = run.output.find("policy.yaml:"); at != std::string::npos;
         at = run.output.find("policy.yaml:", at + 1))
      ++located;
    EXPECT_EQ(located, 1u) << steps << run.output;
  }
}

// Each mistake is a located policy error (exit 66), found before any data.
TEST(AggregateStep, MistakesAreLocated) {
  const std::pair<std::string, std::string> cases[] = {
      {"  - aggregate: {from: opportunity, by: account, columns: {n: COUNT()}}\n",
       "no related input \"opportunity\" (did you mean \"opportunities\"?)"},
      {"  - aggregate: {from: opportunities, by: acount, columns: {n: COUNT()}}\n",
       "\"acount\" is not a column of opportunities"},
      {"  - aggregate: {from: opportunities, by: day, columns: {n: COUNT()}}\n",
       "by: opportunities.day is integer but the accounts' key id is string"},
      {"  - compute: {n: COUNT_IF(employees > 5)}\n",
       "COUNT_IF folds the rows of a related input onto accounts: it belongs in an aggregate "
       "step's columns"},
      {"  - aggregate: {from: opportunities, by: account, columns: {n: SUM(COUNT())}}\n",
       "aggregates cannot be nested"},
      // A column of the other scope: a "did you mean" over this one's names
      // pointed the wrong way.
      {"  - aggregate: {from: opportunities, by: account, columns: {n: SUM(employees)}}\n",
       "\"employees\" is a column of the accounts, but SUM() reads its arguments on each row of "
       "opportunities: use it outside the aggregate, as in SUM(...) / employees"},
      {"  - aggregate: {from: opportunities, by: account, columns: {n: amount}}\n",
       "\"amount\" is a column of opportunities, which has many rows an account: fold it with an "
       "aggregate, such as SUM(amount), MAX(amount) or COUNT_DISTINCT(amount)"},
      {"  - aggregate: {from: opportunities, by: account, columns: {n: SUM(amout)}}\n",
       "unknown column \"amout\" (did you mean \"amount\"?)"},
      {"  - aggregate: {from: opportunities, by: account, columns: {n: SUM(stage)}}\n",
       "SUM expects a number"},
      {"  - classify: {on: contact, output: x, rules: [{else: a}]}\n",
       "no related input \"contact\""},
      {"  - tier: {on: opportunities, output: t, order_by: employees, cuts: [{tier: A}]}\n",
       "a tier step runs on the accounts; on: is for classify, compute, lookup and score"},
      {"  - aggregate: {on: opportunities, from: opportunities, by: account, columns: {n: "
       "COUNT()}}\n",
       "an aggregate step runs on the accounts; on: is for classify"},
      {"  - aggregate: {from: opportunities, by: account, where: COUNT() > 1, columns: {n: "
       "COUNT()}}\n",
       "COUNT cannot be in where:, which keeps or drops one row of opportunities at a time before "
       "the fold; to keep accounts by a fold, make it one of the columns (n: COUNT()) and test "
       "that in a later step"},
      // where: reads one related row: an accounts' column there is named as such.
      {"  - aggregate: {from: opportunities, by: account, where: employees > 10, columns: {n: "
       "COUNT()}}\n",
       "\"employees\" is a column of the accounts, but where: keeps or drops one row of "
       "opportunities at a time, reading its columns only; test the accounts' columns in a later "
       "step"},
  };
  for (const auto& [step, message] : cases) {
    auto run = RunPolicy(Policy(step, "id"), kAccounts, {{"opportunities.csv", kOpportunities}});
    EXPECT_EQ(run.exit_code, 66) << step << run.output;
    EXPECT_NE(run.output.find(message), std::string::npos) << step << "\n" << run.output;
    EXPECT_NE(run.output.find("policy.yaml:"), std::string::npos) << run.output;
  }
}

TEST(AggregateStep, NeedsTheAccountsKey) {
  std::string policy =
      "inputs:\n"
      "  accounts: {columns: {id: string}}\n"
      "  opportunities: {columns: {account: string}}\n"
      "steps:\n"
      "  - aggregate: {from: opportunities, by: account, columns: {n: COUNT()}}\n"
      "output: [id, n]\n";
  auto run = RunPolicy(policy, "id\na\n", {{"opportunities.csv", "account\na\n"}});
  EXPECT_EQ(run.exit_code, 66);
  EXPECT_NE(run.output.find("the accounts input needs a key:"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace acctseg
