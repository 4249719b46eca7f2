#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/error.h"

namespace acctseg {

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    return;
  }
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) Fail("create a temporary file for", errno);
  temp_path_ = name.data();
  // mkstemp makes the file private (0600); give the output the mode an
  // overwritten file had, else the usual 0644.
  struct stat existing;
  mode_t mode = ::stat(path.c_str(), &existing) == 0 ? existing.st_mode & 07777 : 0644;
  ::fchmod(fd_, mode);
}

AtomicFile::~AtomicFile() {
  if (temp_path_.empty() || committed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_path_.c_str());
}

void AtomicFile::Fail(const char* what, int error_number) {
  throw Error(ErrorKind::kIo,
              "cannot " + std::string(what) + " \"" + path_ + "\": " + std::strerror(error_number));
}

void AtomicFile::Write(std::string_view bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = ::write(fd_, p, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      Fail("write", errno);
    }
    p += written;
    left -= static_cast<size_t>(written);
  }
}

void AtomicFile::Commit() {
  if (temp_path_.empty()) {
    committed_ = true;
    return;
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) Fail("write", errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) Fail("rename a temporary file onto", errno);
  committed_ = true;
}

}  // namespace acctseg
