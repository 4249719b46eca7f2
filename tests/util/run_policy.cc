#include "util/run_policy.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "explain/explain.h"
#include "io/table_writer.h"
#include "plan/plan.h"

namespace acctseg::testing {
namespace {

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

PolicyRun RunPolicy(const std::string& policy_yaml, const std::string& accounts_csv,
                    const std::vector<std::pair<std::string, std::string>>& tables, int threads) {
  std::string pattern = (std::filesystem::temp_directory_path() / "acctseg-test-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  WriteFile(dir / "policy.yaml", policy_yaml);
  WriteFile(dir / "accounts.csv", accounts_csv);
  for (const auto& [name, content] : tables) WriteFile(dir / name, content);
  PolicyRun run;
  try {
    auto plan = Plan::Compile(ParsePolicyText((dir / "policy.yaml").string(), policy_yaml));
    RunOptions options;
    options.threads = threads;
    InputPaths paths{{plan->input_name(), (dir / "accounts.csv").string()}};
    for (size_t i = 1; i < plan->inputs().size(); ++i)
      paths[plan->inputs()[i].name] = (dir / (plan->inputs()[i].name + ".csv")).string();
    RunResult result = plan->Run(paths, options);
    run.notes = result.notes;
    WriteTable((dir / "out.csv").string(), OutputFormat::kCsv, result.outputs, threads);
    run.output = ReadFile(dir / "out.csv");
  } catch (const Error& e) {
    run.output = e.what();
    run.exit_code = e.exit_code();
  }
  std::filesystem::remove_all(dir);
  return run;
}

nlohmann::ordered_json ExplainPolicyAccount(const std::string& policy_yaml,
                                            const std::string& accounts_csv,
                                            const std::string& id) {
  std::string pattern = (std::filesystem::temp_directory_path() / "acctseg-test-XXXXXX").string();
  std::filesystem::path dir = mkdtemp(pattern.data());
  WriteFile(dir / "accounts.csv", accounts_csv);
  nlohmann::ordered_json explanation;
  try {
    auto plan = Plan::Compile(ParsePolicyText((dir / "policy.yaml").string(), policy_yaml));
    RunOptions options;
    options.threads = 2;
    auto execution = plan->Execute((dir / "accounts.csv").string(), options);
    explanation = ExplainAccount(*execution, execution->FindAccount(id).value());
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  return explanation;
}

}  // namespace acctseg::testing
