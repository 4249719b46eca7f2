#include "job/inputs.h"

#include <sys/stat.h>

#include <filesystem>

#include "common/error.h"

namespace acctseg {

std::string ResolveInputPath(const std::vector<std::string>& inputs, const std::string& wanted) {
  std::string found;
  for (const std::string& input : inputs) {
    size_t eq = input.find('=');
    if (input.find("://") < eq) eq = std::string::npos;  // a bare URL: its '=' are its own
    std::string name = eq == std::string::npos ? wanted : input.substr(0, eq);
    std::string path = eq == std::string::npos ? input : input.substr(eq + 1);
    if (name != wanted)
      throw Error(ErrorKind::kUsage, "--input " + input + ": the policy has no input named \"" +
                                         name + "\" (its input is \"" + wanted + "\")");
    found = path;
  }
  if (found.empty()) throw Error(ErrorKind::kUsage, "missing --input " + wanted + "=PATH");
  return found;
}

void RefuseOutputOverInput(const std::string& output, const std::vector<std::string>& inputs) {
  if (output == "-") return;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (std::filesystem::equivalent(output, input, error))
      throw Error(ErrorKind::kUsage, "--output " + output + " is the input " + input +
                                         ": writing it would replace the data being read; "
                                         "choose another output path");
  }
}

FileStamp StampOf(const std::string& path) {
  FileStamp stamp;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return stamp;
  stamp.regular = S_ISREG(info.st_mode);
  stamp.size = static_cast<unsigned long long>(info.st_size);
  stamp.inode = static_cast<unsigned long long>(info.st_ino);
  stamp.modified_ns =
      static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
  return stamp;
}

void CheckUnchanged(const std::string& path, const FileStamp& before) {
  if (!before.regular) return;  // a pipe or device has no stable identity to compare
  if (StampOf(path) != before)
    throw Error(ErrorKind::kInput, path +
                                       ": the file changed while it was read (another program "
                                       "wrote to it); nothing was written or recorded, run again");
}

}  // namespace acctseg
