// The territory problem of a run: units per family and role, the current
// owner by ARR, locks, what is left out; the reps and owners files.
#include "job/territory_problem.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "common/error.h"
#include "job/policy_run.h"
#include "job/territory_outputs.h"
#include "util/expect_error.h"
#include "util/store_fixtures.h"

namespace acctseg {
namespace {

using testing::ExpectError;

constexpr char kPolicy[] = R"(policy: t
input:
  name: accounts
  key: id
  columns: {id: string, parent: string, role: string, region: string, potential: integer,
            arr: integer, hours: integer, team: {type: string, empty_is_null: true}}
steps:
  - family: {id: id, parent: parent}
  - compute: {workload_hours: hours}
output: {columns: [id, role]}
)";

// F1 = {A, B, C}: A and B are ae, C is csm; D is its own family; E has a
// role no rep has. team (for --family): NULL but for D's, the text NULL.
constexpr char kAccounts[] =
    "id,parent,role,region,potential,arr,hours,team\n"
    "A,,ae,East,10,100,5,\n"
    "B,A,ae,West,30,300,7,\n"
    "C,A,csm,East,5,50,1,\n"
    "D,,ae,East,20,0,4,NULL\n"
    "E,,digital,East,1,0,0,\n";

class TerritoryProblemTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name)) << text;
    return dir_.File(name);
  }
  PolicyRun Run() {
    PolicyRunOptions options;
    options.policy_path = Write("policy.yaml", kPolicy);
    options.inputs = {Write("accounts.csv", kAccounts)};
    options.threads = 1;
    return RunPolicyUnrecorded(options);
  }
  std::vector<territory::Rep> Reps(const std::string& csv) {
    return ReadReps(Write("reps.csv", csv), {"ae", "csm", "digital"}, {"East", "West"});
  }
  testing::TempDir dir_;
};

TEST_F(TerritoryProblemTest, OneUnitPerFamilyAndRole) {
  PolicyRun run = Run();
  auto reps = Reps("rep_id,role,region\nR1,ae,*\nR2,ae,East\nR3,csm,*\n");
  // B (ARR 300, locked) and A (ARR 100) disagree: the lock decides.
  auto owners = ReadOwners(
      Write("owners.csv", "account_id,rep_id,locked\nA,R1,false\nB,R2,true\nZ,R1,false\n"), reps);
  TerritoryColumns columns = ResolveTerritoryColumns(run.plan->policy(), {});
  TerritoryData data = BuildTerritoryProblem(*run.execution, columns, reps, owners);
  const auto& units = data.problem.units;
  ASSERT_EQ(units.size(), 3u);  // F1/ae, F1/csm, D/ae
  EXPECT_EQ(units[0].family, "A");
  EXPECT_EQ(units[0].role, "ae");
  EXPECT_EQ(units[0].accounts, 2u);
  EXPECT_EQ(units[0].potential, 40);
  EXPECT_EQ(units[0].workload, 12);
  EXPECT_EQ(units[0].arr, 400);
  EXPECT_EQ(units[0].region, "West");  // B carries the most potential
  EXPECT_EQ(units[0].current_rep, 1);  // R2, by its lock
  EXPECT_TRUE(units[0].locked);
  EXPECT_EQ(units[1].role, "csm");
  EXPECT_EQ(units[1].current_rep, -1);  // C has no owner
  EXPECT_EQ(units[2].family, "D");
  EXPECT_EQ(data.unit_of_account, (std::vector<int32_t>{0, 0, 1, 2, -1}));
  EXPECT_EQ(data.owner_of_account, (std::vector<int32_t>{0, 1, -1, -1, -1}));
  ASSERT_EQ(data.notes.size(), 3u);
  EXPECT_EQ(data.notes[0], "1 owner row names an account not in the input; ignored");
  EXPECT_EQ(data.notes[1], "1 account of role digital, which no rep has, is left out of the plan");
  EXPECT_EQ(data.notes[2],
            "1 unit spans several regions; each goes by its account with the most potential");
}

TEST_F(TerritoryProblemTest, TheOwnerOfMostArr) {
  PolicyRun run = Run();
  auto reps = Reps("rep_id,role\nR1,ae\nR2,ae\n");
  auto owners =
      ReadOwners(Write("owners.csv", "account_id,rep_id\nA,R1\nB,R2\nD,\n"), reps);  // D: none
  TerritoryData data = BuildTerritoryProblem(
      *run.execution, ResolveTerritoryColumns(run.plan->policy(), {}), reps, owners);
  EXPECT_EQ(data.problem.units[0].current_rep, 1);  // B's 300 beats A's 100
  EXPECT_FALSE(data.problem.units[0].locked);
  EXPECT_EQ(data.problem.units[1].family, "D");
  EXPECT_EQ(data.problem.units[1].current_rep, -1);
}

// A lock on A (ARR 100) to R2 beats B's owner R1 (ARR 300): the unit goes
// to R2, a note says the lock won and what ARR it moves, and B's reason
// says where it came from (it read "locked", as if it had stayed).
TEST_F(TerritoryProblemTest, ALockOverTheOwnerOfMostArrIsSaid) {
  PolicyRun run = Run();
  auto reps = Reps("rep_id,role\nR1,ae\nR2,ae\nR3,csm\n");
  auto owners =
      ReadOwners(Write("owners.csv", "account_id,rep_id,locked\nA,R2,true\nB,R1,false\n"), reps);
  TerritoryData data = BuildTerritoryProblem(
      *run.execution, ResolveTerritoryColumns(run.plan->policy(), {}), reps, owners);
  EXPECT_EQ(data.problem.units[0].current_rep, 1);  // R2
  EXPECT_TRUE(data.problem.units[0].locked);
  EXPECT_NE(std::find(data.notes.begin(), data.notes.end(),
                      "1 unit is locked to a rep other than the owner of most of its ARR, and the "
                      "lock wins: A (ae, R1 -> R2); 1 account with ARR 300 (75.0% of the owned "
                      "ARR) moves to the locked rep (reason \"locked (moved from REP)\")"),
            data.notes.end());
  territory::Options options;
  territory::Solution solution = territory::Solve(data.problem, options);
  TerritoryOutcome outcome{data, options, solution,
                           ComputeBalance(data.problem, solution.rep_of_unit)};
  EXPECT_EQ(AccountReason(outcome, 0), "locked");                  // A stays with R2
  EXPECT_EQ(AccountReason(outcome, 1), "locked (moved from R1)");  // B
}

// --family naming a column with NULLs: an account whose family is NULL is a
// unit of its own (NULL equals no other NULL, as in SQL) with an empty
// family field, and the text "NULL" is a family like any other. All of
// them went into one unit "NULL", forced onto one rep.
TEST_F(TerritoryProblemTest, ANullFamilyIsAUnitOfItsOwn) {
  PolicyRun run = Run();
  TerritoryColumns flags;
  flags.family = "team";
  TerritoryData data =
      BuildTerritoryProblem(*run.execution, ResolveTerritoryColumns(run.plan->policy(), flags),
                            Reps("rep_id,role\nR1,ae\nR2,ae\nR3,csm\n"), {});
  const auto& units = data.problem.units;
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(data.unit_of_account, (std::vector<int32_t>{0, 1, 2, 3, -1}));
  EXPECT_EQ(units[0].family, "");
  EXPECT_EQ(units[0].account, "A");
  EXPECT_EQ(territory::UnitName(units[0]), "A (no family)");
  EXPECT_EQ(units[1].account, "B");
  EXPECT_EQ(units[2].account, "C");
  EXPECT_EQ(units[3].family, "NULL");
  EXPECT_EQ(units[3].account, "");
  EXPECT_EQ(territory::UnitName(units[3]), "NULL");
  territory::Options options;
  territory::Solution solution = territory::Solve(data.problem, options);
  TerritoryOutcome outcome{data, options, solution,
                           ComputeBalance(data.problem, solution.rep_of_unit)};
  const std::string csv = AssignmentsCsv(outcome);
  EXPECT_NE(csv.find("\nA,,ae,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nB,,ae,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nD,NULL,ae,"), std::string::npos) << csv;
  // The stored plan names such a unit by its account, for plan diff.
  auto plan = TerritoryPlanJson(outcome);
  EXPECT_EQ(plan["units"][0]["family"], "");
  EXPECT_EQ(plan["units"][0]["account"], "A");
  EXPECT_FALSE(plan["units"][3].contains("account"));
}

TEST_F(TerritoryProblemTest, ColumnsFromFlagsAndErrors) {
  PolicyRun run = Run();
  auto reps = Reps("rep_id,role\nR1,ae\n");
  TerritoryColumns columns = ResolveTerritoryColumns(run.plan->policy(), {});
  EXPECT_EQ(columns.role, "role");
  EXPECT_EQ(columns.workload, "workload_hours");
  EXPECT_EQ(columns.arr, "arr");
  columns.arr = "revenue";
  ExpectError(ErrorKind::kUsage, "the run has no column \"revenue\" (--arr-column names it)",
              [&] { BuildTerritoryProblem(*run.execution, columns, reps, {}); });
  // A text column read as numbers was a crash (NumberAt of a code column).
  columns.arr = "arr";
  columns.potential = "region";
  ExpectError(ErrorKind::kUsage,
              "the column \"region\" (--potential-column) is string, a number was expected",
              [&] { BuildTerritoryProblem(*run.execution, columns, reps, {}); });
}

// --geo naming a column none of whose values is any rep's home: a note,
// as every account then counts as off its rep's home.
TEST_F(TerritoryProblemTest, GeoThatNoHomeNamesIsNoted) {
  PolicyRun run = Run();
  TerritoryColumns columns = ResolveTerritoryColumns(run.plan->policy(), {});
  columns.geo = "region";  // East, West
  auto notes = [&](const std::string& reps) {
    return BuildTerritoryProblem(*run.execution, columns, Reps(reps), {}).notes;
  };
  const std::string note =
      "--geo region: no rep's home (CA, NY) is a value of region (East, West): every account "
      "counts as off its rep's home";
  std::vector<std::string> off = notes("rep_id,role,home\nR1,ae,NY\nR2,ae,CA\n");
  EXPECT_NE(std::find(off.begin(), off.end(), note), off.end());
  std::vector<std::string> on = notes("rep_id,role,home\nR1,ae,East\nR2,ae,CA\n");
  for (const std::string& text : on) EXPECT_EQ(text.find("--geo"), std::string::npos) << text;
}

// An owner of another role than the account's: not its unit's current
// rep, and counted in a note, its lock too (it was dropped without a word,
// and the account's reason said "moved with its family").
TEST_F(TerritoryProblemTest, OwnersOfAnotherRoleAreNoted) {
  PolicyRun run = Run();
  TerritoryColumns columns = ResolveTerritoryColumns(run.plan->policy(), {});
  std::vector<territory::Rep> reps = Reps("rep_id,role\nR1,ae\nR2,csm\n");
  // C is a csm account; R1 is an ae rep.
  TerritoryData data =
      BuildTerritoryProblem(*run.execution, columns, reps, {{"C", 0, true}, {"D", 0, false}});
  EXPECT_NE(std::find(data.notes.begin(), data.notes.end(),
                      "1 account owned by a rep of another role than theirs (1 lock among them, "
                      "which cannot hold) goes to a rep of their role (reason: owner of another "
                      "role)"),
            data.notes.end());
}

TEST_F(TerritoryProblemTest, RepsFile) {
  auto reps = Reps(
      "rep_id,name,role,region,max_accounts,home\nR1,Ana,ae,East; West,12,NY;NJ\nR2,Ben,csm,*,,\n");
  ASSERT_EQ(reps.size(), 2u);
  EXPECT_EQ(reps[0].regions, (std::vector<std::string>{"East", "West"}));
  EXPECT_EQ(reps[0].max_accounts, 12u);
  EXPECT_EQ(reps[0].home_geos, (std::vector<std::string>{"NY", "NJ"}));
  EXPECT_TRUE(reps[1].regions.empty());  // * = any region
  EXPECT_EQ(reps[1].max_accounts, 0u);
  ExpectError(ErrorKind::kInput, "reps.csv:3: rep R1: given twice (first at line 2)",
              [&] { Reps("rep_id,role\nR1,ae\nR1,csm\n"); });
  ExpectError(ErrorKind::kInput, "rep R1: max_accounts must be 0 (no limit) or more",
              [&] { Reps("rep_id,role,max_accounts\nR1,ae,-1\n"); });
  ExpectError(ErrorKind::kInput,
              "unknown role \"sdr\"; the roles of this plan are: ae, csm, digital",
              [&] { Reps("rep_id,role\nR1,sdr\n"); });
  ExpectError(ErrorKind::kInput, "no reps", [&] { Reps("rep_id,role\n"); });
  ExpectError(ErrorKind::kInput, "missing", [&] { Reps("rep_id,name\nR1,Ana\n"); });
}

}  // namespace
}  // namespace acctseg
