#include "bench_data.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/error.h"

namespace acctseg::bench {
namespace {

namespace fs = std::filesystem;

constexpr size_t kDefaultRows = 200000;

size_t BenchRows() {
  const char* text = std::getenv("ACCTSEG_BENCH_ROWS");
  if (text == nullptr || *text == '\0') return kDefaultRows;
  char* end = nullptr;
  unsigned long long rows = std::strtoull(text, &end, 10);
  if (*end != '\0' || rows == 0) {
    throw Error(ErrorKind::kUsage,
                "ACCTSEG_BENCH_ROWS must be a positive integer, not \"" + std::string(text) + "\"");
  }
  return static_cast<size_t>(rows);
}

// Single-quotes `text` for /bin/sh.
std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs the generator into a temporary name beside `path`, then renames it,
// so an interrupted run never leaves a truncated universe in the cache.
void GenerateAccounts(const fs::path& path, size_t rows) {
  fs::create_directories(path.parent_path());
  fs::path partial = path;
  partial += ".tmp." + std::to_string(getpid());
  std::string command = "python3 " + ShellQuote(SourceDir() + "/tests/data/gen_accounts.py") +
                        " --rows " + std::to_string(rows) + " --seed 1 --out " +
                        ShellQuote(partial.string());
  if (std::system(command.c_str()) != 0) {
    fs::remove(partial);
    throw Error(ErrorKind::kIo, "cannot generate " + path.string() + ": `" + command + "` failed");
  }
  fs::rename(partial, path);
}

// Removes the scratch directory when the process exits.
struct ScratchDirOwner {
  std::string path;
  ~ScratchDirOwner() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

const std::string& SourceDir() {
  static const std::string dir = [] {
    const char* from_env = std::getenv("ACCTSEG_SOURCE_DIR");
    if (from_env != nullptr && *from_env != '\0') return std::string(from_env);
    // CMake compiles with absolute source paths: bench/bench_data.cc -> root.
    return fs::path(__FILE__).parent_path().parent_path().string();
  }();
  return dir;
}

std::string SeedPolicyPath() { return SourceDir() + "/examples/seed-policy/policy.yaml"; }

const std::string& AccountsPath() {
  static const std::string path = [] {
    size_t rows = BenchRows();
    fs::path cached =
        fs::path(SourceDir()) / "bench" / "data" / ("accounts-" + std::to_string(rows) + ".csv");
    if (!fs::exists(cached)) GenerateAccounts(cached, rows);
    return cached.string();
  }();
  return path;
}

const Plan& SeedPlan() {
  static const std::unique_ptr<Plan> plan = Plan::CompileFile(SeedPolicyPath());
  return *plan;
}

const CsvReadResult& SeedInput() {
  static const CsvReadResult input = [] {
    CsvReadOptions options;
    options.path = AccountsPath();
    options.columns = SeedPlan().input_columns();
    options.threads = 2;
    return ReadCsv(options);
  }();
  return input;
}

const RunResult& SeedResult() {
  static const RunResult result = [] {
    RunOptions options;
    options.threads = 2;
    return SeedPlan().Run(AccountsPath(), options);
  }();
  return result;
}

const std::string& ScratchDir() {
  static const ScratchDirOwner owner = [] {
    std::string pattern = (fs::temp_directory_path() / "acctseg_bench.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorKind::kIo, "cannot create a scratch directory like " + pattern);
    }
    return ScratchDirOwner{pattern};
  }();
  return owner.path;
}

bool LoadOrSkip(benchmark::State& state, const std::function<void()>& load) {
  try {
    load();
    return true;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return false;
  }
}

}  // namespace acctseg::bench
