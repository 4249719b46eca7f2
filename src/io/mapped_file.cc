#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/error.h"
#include "io/truncation_guard.h"

namespace acctseg {
namespace {

[[noreturn]] void ThrowIo(const std::string& path, const char* what, int error_number) {
  throw Error(ErrorKind::kIo, path + ": cannot " + what + ": " + std::strerror(error_number));
}

}  // namespace

MappedFile::MappedFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "open", errno);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    int error_number = errno;
    ::close(fd);
    ThrowIo(path, "stat", error_number);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    ThrowIo(path, "read", EISDIR);
  }
  if (!S_ISREG(info.st_mode)) {
    ReadStream(fd, path);
    ::close(fd);
    return;
  }
  size_ = static_cast<size_t>(info.st_size);
  if (size_ > 0) {
    void* address = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED) {
      int error_number = errno;
      ::close(fd);
      ThrowIo(path, "map", error_number);
    }
    // The parser reads every byte once, front to back within each chunk.
    ::madvise(address, size_, MADV_WILLNEED);
    data_ = static_cast<const char*>(address);
    mapped_ = true;
    guard_slot_ = GuardMapping(data_, size_, path);
  }
  ::close(fd);  // the mapping keeps the file alive
}

void MappedFile::ReleasePages(size_t begin, size_t end) const {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t first = (begin + page - 1) / page * page;
  size_t last = std::min(end, size_) / page * page;
  if (mapped_ && first < last)
    ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

void MappedFile::ReadStream(int fd, const std::string& path) {
  size_t capacity = 1 << 20;
  char* buffer = static_cast<char*>(std::malloc(capacity));
  for (;;) {
    if (buffer == nullptr) {
      ::close(fd);
      ThrowIo(path, "read", ENOMEM);
    }
    ssize_t got = ::read(fd, buffer + size_, capacity - size_);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      int error_number = errno;
      std::free(buffer);
      ::close(fd);
      ThrowIo(path, "read", error_number);
    }
    size_ += static_cast<size_t>(got);
    if (size_ == capacity) {
      capacity *= 2;
      char* grown = static_cast<char*>(std::realloc(buffer, capacity));
      if (grown == nullptr) std::free(buffer);
      buffer = grown;
    }
  }
  data_ = buffer;
}

MappedFile::~MappedFile() {
  UnguardMapping(guard_slot_);
  if (mapped_)
    ::munmap(const_cast<char*>(data_), size_);
  else
    std::free(const_cast<char*>(data_));
}

}  // namespace acctseg
