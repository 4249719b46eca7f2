// The few POSIX file operations the event log and the snapshots need to be
// durable, each throwing acctseg::Error(kIo) naming the path and the system's
// reason. Durability is explicit: nothing here syncs unless its name says so.
// A ScopedFd owns one open descriptor. Not thread-safe (callers serialize).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace acctseg {

class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd();
  ScopedFd(ScopedFd&& other) noexcept : fd_(other.release()) {}
  ScopedFd& operator=(ScopedFd&& other) noexcept;
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;

  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Opens `path` with `flags` (O_CLOEXEC added; mode 0600 when created: the
// log holds every event's data, for its owner alone whatever the umask).
ScopedFd OpenFile(const std::string& path, int flags);
// The whole file's bytes.
std::string ReadWholeFile(const std::string& path);
// Writes every byte at the descriptor's offset, retrying short writes and
// EINTR; a failure (ENOSPC, EFBIG, EIO) throws with the bytes written so far
// left in the file — the caller rolls back.
void WriteAll(int fd, std::string_view bytes, const std::string& path);
// The same at `offset` (pwrite), whatever the descriptor's offset.
void WriteAllAt(int fd, std::string_view bytes, uint64_t offset, const std::string& path);
// Writes `count` zero bytes at `offset` (pwrite, in blocks).
void WriteZeros(int fd, uint64_t offset, uint64_t count, const std::string& path);
// fdatasync: the file's data (and its size) are on disk when this returns.
void SyncData(int fd, const std::string& path);
// ftruncate to `size` bytes, then fdatasync.
void TruncateDurably(int fd, uint64_t size, const std::string& path);
// fsync of a directory, so that names created, renamed or removed in it persist.
void SyncDirectory(const std::string& dir);
// Creates `dir` (and its parents) if missing, and makes `dir` owner-only
// (0700), also when it was there already (made by an older acctseg, or
// under a lax umask): it holds what only the server's user may read.
void MakeOwnerOnlyDirectories(const std::string& dir);
// The names in `dir` (not "." or ".."), sorted.
std::vector<std::string> ListDirectory(const std::string& dir);
// "dir/name", without doubling a trailing slash.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace acctseg
