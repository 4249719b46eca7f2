// The files a job reads and writes: input arguments matched to the
// policy's input names, and the checks that keep a job from destroying its
// own input or reading a file that changes under it.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace acctseg {

// The path of the policy's input `wanted` among NAME=PATH (or bare PATH)
// arguments. Error(kUsage) if it is missing or another name is given.
std::string ResolveInputPath(const std::vector<std::string>& inputs, const std::string& wanted);

// Error(kUsage) if `output` names the same file as any of `inputs` (by
// identity, so ./a.csv and a symlink to it count): writing it would replace
// the data being read.
void RefuseOutputOverInput(const std::string& output, const std::vector<std::string>& inputs);

// What identifies a file's contents cheaply: size, modification time and
// inode. Two equal stamps of a path mean it was not rewritten in between.
struct FileStamp {
  bool regular = false;
  unsigned long long size = 0, inode = 0;
  long long modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp StampOf(const std::string& path);

// Error(kInput) if `path` is no longer what `before` describes.
void CheckUnchanged(const std::string& path, const FileStamp& before);

}  // namespace acctseg
