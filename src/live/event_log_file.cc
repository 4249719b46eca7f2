#include "live/event_log_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "common/error.h"

namespace acctseg {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::string& path, int error_number) {
  throw Error(ErrorKind::kIo, "cannot " + what + " " + path + ": " + std::strerror(error_number));
}

}  // namespace

ScopedFd::~ScopedFd() {
  if (fd_ >= 0) ::close(fd_);
}

ScopedFd& ScopedFd::operator=(ScopedFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

ScopedFd OpenFile(const std::string& path, int flags) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) Fail("open", path, errno);
  return ScopedFd(fd);
}

std::string ReadWholeFile(const std::string& path) {
  ScopedFd fd = OpenFile(path, O_RDONLY);
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) Fail("stat", path, errno);
  std::string bytes(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t got = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) Fail("read", path, errno);
    if (got == 0) break;  // shrank while read: what is there is what counts
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

void WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) Fail("write", path, errno);
    if (wrote == 0) Fail("write", path, EIO);  // never expected for a regular file
    bytes.remove_prefix(static_cast<size_t>(wrote));
  }
}

void WriteAllAt(int fd, std::string_view bytes, uint64_t offset, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t wrote = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) Fail("write", path, errno);
    if (wrote == 0) Fail("write", path, EIO);
    bytes.remove_prefix(static_cast<size_t>(wrote));
    offset += static_cast<uint64_t>(wrote);
  }
}

void WriteZeros(int fd, uint64_t offset, uint64_t count, const std::string& path) {
  static const std::string kZeros(64 << 10, '\0');
  while (count > 0) {
    const uint64_t block = std::min<uint64_t>(count, kZeros.size());
    WriteAllAt(fd, std::string_view(kZeros).substr(0, block), offset, path);
    offset += block;
    count -= block;
  }
}

void SyncData(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) Fail("sync", path, errno);
}

void TruncateDurably(int fd, uint64_t size, const std::string& path) {
  int result;
  do {
    result = ::ftruncate(fd, static_cast<off_t>(size));
  } while (result != 0 && errno == EINTR);
  if (result != 0) Fail("truncate", path, errno);
  SyncData(fd, path);
}

void SyncDirectory(const std::string& dir) {
  ScopedFd fd = OpenFile(dir, O_RDONLY | O_DIRECTORY);
  if (::fsync(fd.get()) != 0) Fail("sync directory", dir, errno);
}

void MakeOwnerOnlyDirectories(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw Error(ErrorKind::kIo, "cannot create directory " + dir + ": " + error.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  if (error)
    throw Error(ErrorKind::kIo, "cannot make directory " + dir + " owner-only: " + error.message());
}

std::vector<std::string> ListDirectory(const std::string& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) Fail("list", dir, errno);
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(handle)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace acctseg
