// The job layer: the run sequence's guarantees (no output and no record
// when cancelled before the commit point; the output never replaces an
// input), output format rules, and the input-path rules.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "io/output_format.h"
#include "job/inputs.h"
#include "job/run_job.h"
#include "store/content_hash.h"
#include "store/run_store.h"

namespace acctseg {
namespace {

namespace fs = std::filesystem;

class JobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("acctseg-job-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("policy.yaml",
          "input:\n  name: accounts\n  key: id\n  columns: {id: string, employees: integer}\n"
          "steps:\n  - classify:\n      output: size\n      rules:\n"
          "        - when: employees >= 100\n          then: big\n        - else: small\n"
          "output:\n  columns: [id, size]\n");
    Write("accounts.csv", "id,employees\nA,150\nB,3\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  RunJobOptions Options() const {
    RunJobOptions options;
    options.policy_path = Path("policy.yaml");
    options.inputs = {Path("accounts.csv")};
    options.output_path = Path("out.csv");
    options.store = Path("runs.sqlite");
    options.threads = 2;
    return options;
  }

  fs::path dir_;
};

ErrorKind KindOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::kInternal;
}

TEST_F(JobTest, RunWritesTheOutputAndRecordsTheRun) {
  RunJobResult job = RunJob(Options());
  EXPECT_FALSE(job.run_id.empty());
  std::ifstream in(Path("out.csv"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "id,size\nA,big\nB,small\n");
  EXPECT_EQ(RunStore::OpenExisting(Path("runs.sqlite"))->List(0).size(), 1u);
  EXPECT_FALSE(job.late_interrupt);
}

TEST_F(JobTest, CancelledBeforeTheCommitLeavesNoOutputAndNoRecord) {
  Write("out.csv", "previous output\n");
  std::atomic<bool> cancelled{true};
  RunJobOptions options = Options();
  options.cancelled = &cancelled;
  EXPECT_EQ(KindOf([&] { RunJob(options); }), ErrorKind::kInterrupted);
  std::ifstream in(Path("out.csv"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "previous output\n");
  EXPECT_EQ(RunStore::Open(Path("runs.sqlite"))->List(0).size(), 0u);
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}

// The recorded input hash is the file's content hash whether the input
// cache took it (for its key, on a miss and on a hit) or the job did.
TEST_F(JobTest, RecordsTheInputsContentHashWithAndWithoutTheCache) {
  const std::string expected = HashFile(Path("accounts.csv"));
  for (bool cache : {true, true, false}) {  // a miss, then a hit, then no cache
    RunJobOptions options = Options();
    options.cache.enabled = cache;
    options.cache.dir = Path("cache");
    RunJobResult job = RunJob(options);
    RunRecord record = RunStore::OpenExisting(Path("runs.sqlite"))->Get(job.run_id);
    ASSERT_EQ(record.inputs.size(), 1u);
    EXPECT_EQ(record.inputs[0].content_hash, expected) << "cache " << cache;
    EXPECT_EQ(record.inputs[0].path, fs::absolute(Path("accounts.csv")).lexically_normal());
  }
  EXPECT_FALSE(fs::is_empty(Path("cache")));  // the cache was used, so it took the hash
}

TEST_F(JobTest, RefusesAnOutputThatIsTheInput) {
  RunJobOptions options = Options();
  options.output_path = Path("accounts.csv");
  EXPECT_EQ(KindOf([&] { RunJob(options); }), ErrorKind::kUsage);
  fs::create_symlink(Path("accounts.csv"), Path("link.csv"));
  options.output_path = Path("link.csv");
  EXPECT_EQ(KindOf([&] { RunJob(options); }), ErrorKind::kUsage);
  std::ifstream in(Path("accounts.csv"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "id,employees\nA,150\nB,3\n");
}

TEST_F(JobTest, ReadCommandsDoNotCreateAStore) {
  EXPECT_EQ(KindOf([&] { RunStore::OpenExisting(Path("typo.sqlite")); }), ErrorKind::kStore);
  EXPECT_FALSE(fs::exists(Path("typo.sqlite")));
}

TEST(OutputFormatTest, ExtensionsAndFormats) {
  EXPECT_EQ(OutputFormatFor("", "out.csv"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFor("", "-"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFor("", "out/segmented"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFor("", "case.out"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFor("", "out.JSONL"), OutputFormat::kJsonLines);
  EXPECT_EQ(OutputFormatFor("", "out.ndjson"), OutputFormat::kJsonLines);
  EXPECT_EQ(OutputFormatFor("jsonl", "out.json"), OutputFormat::kJsonLines);
  EXPECT_EQ(OutputFormatFor("csv", "out.xlsx"), OutputFormat::kCsv);
  for (const char* name : {"out.json", "out.xlsx", "out.parquet", "out.tsv", "out.csv.gz"}) {
    try {
      OutputFormatFor("", name);
      ADD_FAILURE() << name << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_NE(std::string(e.what()).find("--format"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(KindOf([] { OutputFormatFor("json", "out.json"); }), ErrorKind::kUsage);
  EXPECT_EQ(KindOf([] { OutputFormatFor("xml", "out.csv"); }), ErrorKind::kUsage);
}

TEST(InputPathTest, NamesAndBarePaths) {
  const std::vector<PlanInput> one = {{"accounts", "", {}, {}}};
  EXPECT_EQ(ResolveInputPaths({"a.csv"}, one).at("accounts"), "a.csv");
  EXPECT_EQ(ResolveInputPaths({"accounts=b.csv"}, one).at("accounts"), "b.csv");
  EXPECT_EQ(ResolveInputPaths({"x/dir=a.csv"}, one).at("accounts"), "x/dir=a.csv");
  EXPECT_EQ(KindOf([&] { ResolveInputPaths({"opps=b.csv"}, one); }), ErrorKind::kUsage);
  EXPECT_EQ(KindOf([&] { ResolveInputPaths({}, one); }), ErrorKind::kUsage);
  EXPECT_EQ(KindOf([&] {
              ResolveInputPaths({"a.csv", "accounts=b.csv"}, one);
            }),
            ErrorKind::kUsage);
  const std::vector<PlanInput> two = {{"accounts", "", {}, {}}, {"opps", "", {}, {}}};
  InputPaths both = ResolveInputPaths({"opps=o.csv", "a.csv"}, two);
  EXPECT_EQ(both.at("accounts"), "a.csv");
  EXPECT_EQ(both.at("opps"), "o.csv");
  EXPECT_EQ(KindOf([&] { ResolveInputPaths({"a.csv"}, two); }), ErrorKind::kUsage);
}

}  // namespace
}  // namespace acctseg
