// Each step's semantics, through real policies over small CSV inputs.
#include <gtest/gtest.h>

#include <fstream>

#include "explain/explain.h"
#include "util/run_policy.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::RunPolicy;

// A policy over accounts(id, parent, n) with the given steps and outputs.
std::string Policy(const std::string& steps, const std::string& outputs) {
  return "input:\n"
         "  name: accounts\n"
         "  columns: {id: string, parent: string, n: integer, s: string}\n"
         "steps:\n" +
         steps + "output:\n  columns: [" + outputs + "]\n";
}

const char* kFamily = "  - family: {id: id, parent: parent}\n";

TEST(FamilyStep, ResolvesGlobalsCyclesAndMissingParents) {
  // c1 -> c2 -> c3 -> c1 is a cycle (smallest id c1 becomes top); h hangs
  // below it; x names a missing parent; b before its parent a.
  std::string csv =
      "id,parent,n,s\n"
      "b,a,1,\n"
      "a,,2,\n"
      "c2,c3,3,\n"
      "c1,c2,4,\n"
      "c3,c1,5,\n"
      "h,c3,6,\n"
      "x,nobody,7,\n"
      "self,self,8,\n";
  auto run = RunPolicy(Policy(std::string(kFamily) + "  - compute:\n"
                                                     "      g: global.id\n"
                                                     "      p: parent.id\n",
                              "id, g, p, issues"),
                       csv);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,g,p,issues\n"
            "b,a,a,\n"
            "a,a,,\n"
            "c2,c1,c3,parent_cycle\n"
            "c1,c1,,parent_cycle\n"
            "c3,c1,c1,parent_cycle\n"
            "h,c1,c3,\n"
            "x,x,,parent_missing\n"
            "self,self,,parent_cycle\n");
}

TEST(FamilyStep, AggregatesOverTheWholeFamily) {
  std::string csv =
      "id,parent,n,s\n"
      "a,,1,SMB\n"
      "b,a,5,Enterprise\n"
      "c,b,,FED\n"
      "d,,3,Commercial\n";
  auto run = RunPolicy(Policy(std::string(kFamily) +
                                  "  - compute:\n"
                                  "      total: FAMILY_SUM(n)\n"
                                  "      members: FAMILY_COUNT()\n"
                                  "      known: FAMILY_COUNT(n IS NOT NULL)\n"
                                  "      any_big: FAMILY_ANY(n > 4)\n"
                                  "      top: FAMILY_MAX(s, ['SMB', 'Commercial', 'Enterprise'])\n"
                                  "      largest: FAMILY_MAX(n)\n"
                                  "      first_name: FAMILY_MIN(s)\n",
                              "id, total, members, known, any_big, top, largest, first_name"),
                       csv);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,total,members,known,any_big,top,largest,first_name\n"
            "a,6,3,2,true,Enterprise,5,Enterprise\n"
            "b,6,3,2,true,Enterprise,5,Enterprise\n"
            "c,6,3,2,true,Enterprise,5,Enterprise\n"
            "d,3,1,1,false,Commercial,3,Commercial\n");
}

// FAMILY_SUM judges the family's whole sum: members whose running total
// passes 64 bits in row order are no error when the sum fits.
TEST(FamilyStep, SumsAreJudgedWhole) {
  const std::string half = "4611686018427387904";  // 2^62
  auto run = RunPolicy(Policy(std::string(kFamily) + "  - compute: {f: FAMILY_SUM(n)}\n", "id, f"),
                       "id,parent,n,s\np,," + half + ",\nc1,p," + half + ",\nc2,p,-5,\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,f\np,9223372036854775803\nc1,9223372036854775803\nc2,9223372036854775803\n");
  auto beyond =
      RunPolicy(Policy(std::string(kFamily) + "  - compute: {f: FAMILY_SUM(n)}\n", "id, f"),
                "id,parent,n,s\np,," + half + ",\nc1,p," + half + ",\n");
  EXPECT_EQ(beyond.exit_code, 65) << beyond.output;
  EXPECT_NE(beyond.output.find("numeric overflow in FAMILY_SUM"), std::string::npos);
}

TEST(FamilyStep, DuplicateIdStopsTheRun) {
  auto run = RunPolicy(Policy(kFamily, "id"), "id,parent,n,s\na,,1,\nb,,2,\na,,3,\n");
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.output.find("accounts.csv:4: duplicate id \"a\" (first on line 2)"),
            std::string::npos)
      << run.output;
}

// NULL keys are missing, not repeated, whatever the key's type (a string
// key said "duplicate NULL" for two of them, an integer key took any
// number); a repeated value still stops the run.
TEST(InputKey, NullKeysAreMissingNotRepeated) {
  for (const char* type : {"integer", "{type: string, empty_is_null: true}"}) {
    const std::string policy = std::string("policy: p\ninput:\n  key: id\n  columns: {id: ") +
                               type + ", n: integer}\nsteps: []\noutput: [id, n]\n";
    auto run = RunPolicy(policy, "id,n\n1,1\n,2\n3,3\n,4\n");
    EXPECT_EQ(run.exit_code, 0) << type << ": " << run.output;
    run = RunPolicy(policy, "id,n\n1,1\n,2\n1,3\n");
    EXPECT_EQ(run.exit_code, 65) << type << ": " << run.output;
    EXPECT_NE(run.output.find("accounts.csv:4: duplicate id \"1\" (first on line 2)"),
              std::string::npos)
        << type << ": " << run.output;
  }
}

TEST(ClassifyStep, FirstMatchWinsWithIssuesAndValues) {
  std::string steps =
      "  - classify:\n"
      "      output: size\n"
      "      rules:\n"
      "        - when: n >= 10\n"
      "          then: big\n"
      "        - when: n >= 5\n"
      "          value: s || '!'\n"
      "        - when: n IS NULL\n"
      "          then: unknown\n"
      "          issue: n_unknown\n";
  auto run = RunPolicy(Policy(steps, "id, size, issues"),
                       "id,parent,n,s\na,,12,x\nb,,7,y\nc,,,z\nd,,1,w\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // d matches no rule: NULL (an empty field).
  EXPECT_EQ(run.output, "id,size,issues\na,big,\nb,y!,\nc,unknown,n_unknown\nd,,\n");
}

TEST(ClassifyStep, ElseMustComeLast) {
  std::string steps =
      "  - classify:\n"
      "      output: size\n"
      "      rules:\n"
      "        - else: small\n"
      "        - when: n > 1\n"
      "          then: big\n";
  auto run = RunPolicy(Policy(steps, "id, size"), "id,parent,n,s\n");
  EXPECT_EQ(run.exit_code, 66);
  EXPECT_NE(run.output.find("put it last"), std::string::npos) << run.output;
}

TEST(LookupStep, TriesKeysInOrderAndFlagsMisses) {
  std::string policy =
      "input:\n"
      "  name: accounts\n"
      "  columns: {id: string, country: string, state: string}\n"
      "tables:\n"
      "  regions:\n"
      "    path: regions.csv\n"
      "    columns: {country: string, state: string, region: string}\n"
      "steps:\n"
      "  - lookup:\n"
      "      table: regions\n"
      "      keys:\n"
      "        - {country: country, state: state}\n"
      "        - {country: country, state: \"''\"}\n"
      "      columns: {region: region}\n"
      "      missing_issue: region_unknown\n"
      "output:\n"
      "  columns: [id, region, issues]\n";
  auto run =
      RunPolicy(policy, "id,country,state\na,US,CA\nb,US,ZZ\nc,CA,ON\nd,XX,\ne,US,\n",
                {{"regions.csv", "country,state,region\nUS,CA,West\nCA,,Canada\nUS,,US-other\n"}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output,
            "id,region,issues\na,West,\nb,US-other,\nc,Canada,\nd,,region_unknown\ne,US-other,\n");
}

TEST(ScoreStep, AddsPointsClampsAndRounds) {
  std::string steps =
      "  - score:\n"
      "      output: score\n"
      "      min: 0\n"
      "      max: 10\n"
      "      decimals: 1\n"
      "      terms:\n"
      "        - points: 0.25 * n\n"
      "          reason: per n\n"
      "        - when: s = 'bonus'\n"
      "          points: 3\n"
      "          reason: bonus\n"
      "        - when: s = 'malus'\n"
      "          points: -100\n"
      "          reason: malus\n";
  auto run =
      RunPolicy(Policy(steps, "id, score"),
                "id,parent,n,s\na,,1,\nb,,1,bonus\nc,,100,\nd,,1,malus\ne,,,bonus\nf,,-1,\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // 0.25 -> 0.3 (half away from zero); NULL points add nothing; clamped to 0..10.
  EXPECT_EQ(run.output, "id,score\na,0.3\nb,3.3\nc,10.0\nd,0.0\ne,3.0\nf,0.0\n");
}

// The exact sum is clamped: terms whose running total passes 64 bits are
// no error in any order, and a sum beyond them meets its bound; without a
// bound on that side it stops the run.
TEST(ScoreStep, TheExactSumIsClampedWhateverTheOrder) {
  const std::string max = "9223372036854775807";
  auto score = [&](const std::string& bounds, const std::vector<std::string>& points) {
    std::string steps = "  - score:\n      output: score\n" + bounds + "      terms:\n";
    for (const std::string& p : points) steps += "        - points: " + p + "\n";
    return RunPolicy(Policy(steps, "id, score"), "id,parent,n,s\na,,1,\n");
  };
  for (const auto& order : std::vector<std::vector<std::string>>{
           {max, max, "-" + max}, {max, "-" + max, max}, {"-" + max, max, max}}) {
    auto run = score("", order);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.output, "id,score\na," + max + "\n");
  }
  auto clamped = score("      max: 100\n", {max, max});
  ASSERT_EQ(clamped.exit_code, 0) << clamped.output;
  EXPECT_EQ(clamped.output, "id,score\na,100\n");
  auto unbounded = score("      min: 0\n", {max, max});
  EXPECT_EQ(unbounded.exit_code, 65) << unbounded.output;
  EXPECT_NE(unbounded.output.find("numeric overflow adding up the score"), std::string::npos);
  // A term that does not fit at the sum's scale is no sum a bound clamps:
  // the run stops naming the term and what to do.
  auto unscalable = score("      max: 100\n", {max, "0.5"});
  EXPECT_EQ(unscalable.exit_code, 65) << unscalable.output;
  EXPECT_NE(unscalable.output.find("term 1's points 9223372036854775807 do not fit in 64 bits at "
                                   "the score's 1 decimal (the most among its points, min and "
                                   "max): give the term fewer digits, e.g. LEAST(" +
                                   max + ", ...)"),
            std::string::npos)
      << unscalable.output;
}

// What decided a score, in words: a term without a reason by what it
// adds, and the rounding the output's decimals made.
TEST(ScoreStep, ExplanationsSayTermsAndRounding) {
  const std::string policy =
      "input:\n  key: id\n  columns: {id: string, n: integer}\n"
      "steps:\n  - score: {output: s, decimals: 1, terms: [{points: 0.05}, {points: 2 * n}, "
      "{when: n > 3, points: 1}]}\noutput: [id, s]\n";
  nlohmann::ordered_json step =
      testing::ExplainPolicyAccount(policy, "id,n\na,5\n", "a")["steps"].back();
  EXPECT_EQ(step["summary"],
            "s = 11.1: +0.05, +10.00 2 * n, +1.00 when n > 3; sum 11.05 "
            "rounded to 1 decimal");
}

// A bound with more decimals than the score could be left by the rounding
// (max 0.6 with decimals: 0 gave 1): refused when the policy is checked.
TEST(ScoreStep, BoundsFinerThanTheScoreAreRefused) {
  auto run = RunPolicy(Policy("  - score: {output: score, decimals: 0, min: 0, max: 0.6, terms: "
                              "[{points: n}]}\n",
                              "id, score"),
                       "id,parent,n,s\na,,1,\n");
  EXPECT_EQ(run.exit_code, 66) << run.output;
  EXPECT_NE(run.output.find("max 0.6 has more decimals than the score's 0"), std::string::npos)
      << run.output;
}

TEST(TierStep, QuantileCutsWithinGroupsAndExplicitTies) {
  // Group g1 has 5 rows: A if r <= ceil(0.2*5)=1, B if r <= ceil(0.5*5)=3.
  std::string steps =
      "  - tier:\n"
      "      output: tier\n"
      "      group_by: s\n"
      "      order_by: [n DESC, id ASC]\n"
      "      cuts:\n"
      "        - {tier: A, top: 0.2}\n"
      "        - {tier: B, top: 0.5}\n"
      "        - {tier: C}\n";
  auto run = RunPolicy(Policy(steps, "id, tier"),
                       "id,parent,n,s\n"
                       "e,,5,g1\nd,,5,g1\nc,,3,g1\nb,,2,g1\na,,,g1\n"
                       "x,,1,g2\ny,,2,g2\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // g1 order: d(5) e(5) c(3) b(2) a(NULL last). g2: y, x -> ceil(0.4)=1, ceil(1)=1.
  EXPECT_EQ(run.output, "id,tier\ne,B\nd,A\nc,B\nb,C\na,C\nx,C\ny,A\n");
}

TEST(TierStep, ExplainsTiesThatInputOrderDecides) {
  // Group g1 by n DESC alone: c, d and b tie at 5 at ranks 2-4 and straddle
  // the A cut (ceil(0.4 * 5) = 2), so input order alone gives c A, d and b B.
  std::string policy =
      "input:\n"
      "  name: accounts\n"
      "  key: id\n"
      "  columns: {id: string, parent: string, n: integer, s: string}\n"
      "steps:\n"
      "  - tier:\n"
      "      output: tier\n"
      "      group_by: s\n"
      "      order_by: n DESC\n"
      "      cuts:\n"
      "        - {tier: A, top: 0.4}\n"
      "        - {tier: B}\n"
      "output:\n  columns: [id, tier]\n";
  const std::string csv = "id,parent,n,s\na,,9,g1\nc,,5,g1\nz,,5,g2\nd,,5,g1\ne,,1,g1\nb,,5,g1\n";
  auto d = testing::ExplainPolicyAccount(policy, csv, "d")["steps"][0];
  EXPECT_EQ(d["summary"].get<std::string>(),
            "tier = 'B': rank 3 of 5 within s 'g1' by n = 5 (tied with 2 other rows at ranks "
            "2-4: input order decides among them); A if rank <= 2 (ceil(0.4 x 5)), B otherwise");
  EXPECT_EQ(d["tied"], nlohmann::ordered_json({{"with", 2}, {"first_rank", 2}, {"last_rank", 4}}));
  // z ties with no row of its own group; a with none at all.
  auto z = testing::ExplainPolicyAccount(policy, csv, "z")["steps"][0];
  EXPECT_FALSE(z.contains("tied")) << z.dump();
  EXPECT_EQ(z["summary"].get<std::string>().find("tied"), std::string::npos);
  auto a = testing::ExplainPolicyAccount(policy, csv, "a")["steps"][0];
  EXPECT_FALSE(a.contains("tied")) << a.dump();
}

// A batch run finds each row's ties once, in its sorted group; the
// server, whose ranks move, finds them in the columns (TiedWith). Both
// explain every row of groups full of ties alike.
TEST(TierStep, TiesFromTheSortAreTheColumnsTies) {
  testing::TempDir dir;
  std::ofstream(dir.File("policy.yaml"))
      << "input:\n"
         "  key: id\n"
         "  columns: {id: string, n: integer, m: integer, s: string}\n"
         "steps:\n"
         "  - tier:\n"
         "      output: tier\n"
         "      group_by: s\n"
         "      order_by: [n DESC, m]\n"
         "      cuts: [{tier: A, top: 0.3}, {tier: B}]\n"
         "output: [id, tier]\n";
  std::string csv = "id,n,m,s\n";
  for (int i = 0; i < 400; ++i)
    csv += "r" + std::to_string(i) + "," + (i % 13 == 0 ? "" : std::to_string(i % 5)) + "," +
           std::to_string(i % 2) + ",g" + std::to_string(i % 3) + "\n";
  std::ofstream(dir.File("accounts.csv")) << csv;
  auto plan = Plan::CompileFile(dir.File("policy.yaml"));
  RunOptions options;
  options.threads = 2;
  auto execution = plan->Execute(dir.File("accounts.csv"), options);
  std::vector<nlohmann::ordered_json> sorted;
  size_t tied = 0;
  for (size_t row = 0; row < 400; ++row) {
    sorted.push_back(ExplainAccount(*execution, row)["steps"][0]);
    tied += sorted.back().contains("tied");
  }
  EXPECT_GT(tied, 300u);
  StepTrace& trace = execution->state.traces[0];
  ASSERT_EQ(trace.tied_first.size(), 400u);
  trace.tied_first.clear();
  trace.tied_last.clear();
  for (size_t row = 0; row < 400; ++row)
    EXPECT_EQ(ExplainAccount(*execution, row)["steps"][0], sorted[row]) << row;
}

TEST(TierStep, TopNAndThresholdCuts) {
  std::string steps =
      "  - tier:\n"
      "      output: tier\n"
      "      order_by: n DESC\n"
      "      cuts:\n"
      "        - {tier: gold, min: 50}\n"
      "        - {tier: silver, top_n: 3}\n"
      "        - {tier: bronze}\n";
  auto run = RunPolicy(Policy(steps, "id, tier"),
                       "id,parent,n,s\na,,60,\nb,,50,\nc,,40,\nd,,30,\ne,,20,\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,tier\na,gold\nb,gold\nc,silver\nd,bronze\ne,bronze\n");
}

TEST(ComputeStep, LaterColumnsReadEarlierOnes) {
  std::string steps =
      "  - compute:\n"
      "      double: n * 2\n"
      "      label: CASE WHEN double > 5 THEN 'high' ELSE 'low' END\n"
      "      name: UPPER(label)\n";
  auto run =
      RunPolicy(Policy(steps, "id, double, label, name"), "id,parent,n,s\na,,1,\nb,,3,\nc,,,\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "id,double,label,name\na,2,low,LOW\nb,6,high,HIGH\nc,,low,LOW\n");
}

TEST(ComputeStep, ExpressionsOfOneRepeatedColumnAreEvaluatedPerDistinctValue) {
  // 4,000 rows with 4 distinct values of s: evaluated over the dictionary
  // and gathered; the result must be the same as row by row.
  std::string csv = "id,parent,n,s\n";
  std::string expected = "id,tokens\n";
  const char* values[] = {"a; b", "", "b;c ", "a"};
  const char* joined[] = {"b", "", "b;c", ""};
  for (int i = 0; i < 4000; ++i) {
    csv += "r" + std::to_string(i) + ",," + std::to_string(i) + ",\"" + values[i % 4] + "\"\n";
    expected += "r" + std::to_string(i) + "," + joined[i % 4] + "\n";
  }
  std::string policy = Policy(
      "  - compute:\n"
      "      tokens: LIST_JOIN(LIST_EXCEPT(TRIM(SPLIT(s, ';')), ['a']), ';')\n",
      "id, tokens");
  auto run = RunPolicy(policy, csv);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, expected);
  auto empty = RunPolicy(policy, "id,parent,n,s\n");
  ASSERT_EQ(empty.exit_code, 0) << empty.output;
  EXPECT_EQ(empty.output, "id,tokens\n");
}

TEST(ComputeStep, SameResultAtOneAndManyThreads) {
  std::string csv = "id,parent,n,s\n";
  for (int i = 0; i < 20000; ++i)
    csv += "id" + std::to_string(i) + "," + (i % 7 ? "id" + std::to_string(i / 7) : "") + "," +
           std::to_string(i % 97) + ",s" + std::to_string(i % 13) + "\n";
  std::string policy = Policy(std::string(kFamily) +
                                  "  - compute:\n"
                                  "      g: global.id\n"
                                  "      label: s || '-' || g\n"
                                  "      total: FAMILY_SUM(n)\n"
                                  "  - tier:\n"
                                  "      output: tier\n"
                                  "      group_by: s\n"
                                  "      order_by: [total DESC, id]\n"
                                  "      cuts: [{tier: A, top: 0.1}, {tier: B}]\n",
                              "id, g, label, total, tier");
  auto one = RunPolicy(policy, csv, {}, 1);
  auto many = RunPolicy(policy, csv, {}, 4);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.output, many.output);
}

}  // namespace
}  // namespace acctseg
