#include "io/file_stamp.h"

#include <sys/stat.h>

namespace acctseg {

FileStamp StampOf(const std::string& path) {
  FileStamp stamp;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return stamp;
  const auto nanoseconds = [](const timespec& t) {
    return static_cast<long long>(t.tv_sec) * 1000000000LL + t.tv_nsec;
  };
  stamp.regular = S_ISREG(info.st_mode);
  stamp.size = static_cast<unsigned long long>(info.st_size);
  stamp.inode = static_cast<unsigned long long>(info.st_ino);
  stamp.modified_ns = nanoseconds(info.st_mtim);
  stamp.changed_ns = nanoseconds(info.st_ctim);
  return stamp;
}

}  // namespace acctseg
