#include "job/inputs.h"

#include <algorithm>
#include <filesystem>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "io/atomic_file.h"
#include "io/postgres_source.h"
#include "store/content_hash.h"
#include "store/run_store.h"

namespace acctseg {

InputPaths ResolveInputPaths(const std::vector<std::string>& inputs,
                             const std::vector<PlanInput>& wanted) {
  std::vector<std::string> declared;
  for (const PlanInput& input : wanted) declared.push_back(input.name);
  // "accounts" (policy.yaml:9:3), "opportunities" (policy.yaml:30:3)
  auto names = [&] {
    std::string list;
    for (const PlanInput& input : wanted)
      list += (list.empty() ? "\"" : ", \"") + input.name + "\" (declared at " +
              input.location.ToString() + ")";
    return list;
  };
  InputPaths paths;
  for (const std::string& input : inputs) {
    size_t eq = input.find('=');
    // A bare path is the accounts'; so is NAME=PATH where NAME is no name
    // but part of a path (a/b=c.csv) or of a URL (postgresql://h/db?table=x).
    bool named = eq != std::string::npos && input.find('/') > eq;
    std::string name = named ? input.substr(0, eq) : wanted[0].name;
    std::string path = named ? input.substr(eq + 1) : input;
    if (path == "-") path = "/dev/stdin";  // as -o - is standard output
    bool known = std::find(declared.begin(), declared.end(), name) != declared.end();
    if (!known) {
      throw Error(ErrorKind::kUsage, "--input " + input + ": the policy has no input named \"" +
                                         name + "\"" + DidYouMean(name, declared) +
                                         " (its inputs: " + names() + ")");
    }
    if (path.empty()) throw Error(ErrorKind::kUsage, "--input " + input + ": no path after =");
    if (path == "/dev/stdin")
      for (const auto& [other, other_path] : paths)
        if (other_path == path)
          throw Error(ErrorKind::kUsage, "--input " + input +
                                             ": standard input is already input \"" + other +
                                             "\"; it can be read by one input only");
    if (!paths.emplace(name, path).second) {
      // Two bare paths: the second is not the accounts' again but another
      // input the user did not name.
      if (!named && wanted.size() > 1)
        throw Error(ErrorKind::kUsage,
                    "--input " + input + ": a path without NAME= is the accounts' (\"" + name +
                        "\"), given already as " + paths[name] + "; the policy reads " + names() +
                        ", so give the others as NAME=PATH");
      throw Error(ErrorKind::kUsage, "--input " + input + ": input \"" + name +
                                         "\" is given twice (" + paths[name] + " and " + path +
                                         "; the policy reads " + names() + ")");
    }
  }
  for (const PlanInput& input : wanted)
    if (!paths.count(input.name))
      throw Error(ErrorKind::kUsage,
                  "missing --input " + input.name + "=PATH" +
                      (wanted.size() > 1 ? " (the policy reads " + names() + ")"
                                         : " (declared at " + input.location.ToString() + ")"));
  return paths;
}

std::vector<std::string> PathsOf(const InputPaths& paths) {
  std::vector<std::string> list;
  for (const auto& [name, path] : paths) list.push_back(path);
  return list;
}

namespace {

// Devices and pipes are no data to destroy, and take any number of writers
// (-o /dev/null with -i - on the same terminal, two outputs to /dev/null).
bool NoFileToReplace(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error);
}

// Whether two paths name one file: the same regular file (./a.csv, a link
// to it) or, for a store's journal that need not exist yet, the same name.
bool SameFile(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_regular_file(b, error) && fs::equivalent(a, b, error)) return true;
  return fs::absolute(a, error).lexically_normal() == fs::absolute(b, error).lexically_normal();
}

}  // namespace

void RefuseOutputOverReads(const std::string& output, const std::vector<std::string>& reads) {
  if (output.empty() || output == "-" || NoFileToReplace(output)) return;
  for (const std::string& read : reads)
    if (!read.empty() && SameFile(output, read))
      // Not "--output": plan and learn commands write several outputs
      // (--balance-out, --scores-out, ...), and the path names the one.
      throw Error(ErrorKind::kUsage, "output " + output + " is a file this command reads" +
                                         (read == output ? "" : " (" + read + ")") +
                                         ": writing it would replace it; choose another output "
                                         "path");
}

void RefuseOutputs(const std::vector<std::string>& outputs, const std::vector<std::string>& reads) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const std::string& output = outputs[i];
    if (output.empty()) continue;
    RefuseOutputOverReads(output, reads);
    std::error_code error;
    if (output != "-" && std::filesystem::is_directory(output, error))
      throw Error(ErrorKind::kIo, "cannot write \"" + output + "\": Is a directory");
    if (output != "-") CheckOutputDirectory(output);  // plan territories said so after its solve
    if (output != "-" && NoFileToReplace(output)) continue;
    for (size_t j = 0; j < i; ++j) {
      const std::string& other = outputs[j];
      if (other.empty()) continue;
      const bool same =
          output == other || (output != "-" && other != "-" && SameFile(output, other));
      if (same)
        throw Error(ErrorKind::kUsage,
                    output == "-" ? std::string("two outputs go to standard output (-): give one "
                                                "of them a file")
                                  : "\"" + output + "\" is given as two of the outputs" +
                                        (output == other ? "" : " (as " + other + ")") +
                                        ": give each its own file");
    }
  }
}

std::vector<std::string> PolicyFiles(const Plan& plan) {
  const PolicyAst& policy = plan.policy();
  if (!policy.source) return {};
  std::vector<std::string> files = {policy.source->path};
  for (const TableDecl& table : policy.tables)
    if (!IsPostgresSource(table.path)) files.push_back(TablePath(policy, table));
  return files;
}

std::vector<std::string> StoreFiles(const std::string& location) {
  const std::string path = location.empty() ? RunStore::DefaultLocation() : location;
  if (IsPostgresSource(path)) return {};
  return {path, path + "-wal", path + "-shm", path + "-journal"};
}

void CheckUnchanged(const std::string& path, const FileStamp& before,
                    const std::string& content_hash) {
  if (!before.regular) return;  // a pipe or device has no stable identity to compare
  const FileStamp now = StampOf(path);
  FileStamp but_for_status = now;
  but_for_status.changed_ns = before.changed_ns;
  const bool changed = now != before && (but_for_status != before ||
                                         (!content_hash.empty() && HashFile(path) != content_hash));
  if (changed)
    throw Error(ErrorKind::kInput, path +
                                       ": the file changed while it was read (another program "
                                       "wrote to it); nothing was written or recorded, run again");
}

}  // namespace acctseg
