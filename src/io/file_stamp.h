// What identifies a file's contents cheaply: size, inode, modification time
// and status-change time. Two equal stamps of a path mean it was not
// rewritten in between: the change time moves on every write and, unlike
// the modification time, no user can set it back (`touch -d` an edited
// file and its stamp still differs).
#pragma once

#include <string>

namespace acctseg {

struct FileStamp {
  bool regular = false;  // false also when the path cannot be stat'ed
  unsigned long long size = 0, inode = 0;
  long long modified_ns = 0, changed_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp StampOf(const std::string& path);

}  // namespace acctseg
