#include "io/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "common/error.h"

namespace acctseg {
namespace {

constexpr std::string_view kTempInfix = ".acctseg-";
constexpr std::string_view kTempSuffix = ".tmp";
constexpr size_t kRandomChars = 6;  // mkstemps' XXXXXX
// Writeback is started every this many bytes, so that the fsync before the
// rename waits for the last stretch only, not for the whole file.
constexpr size_t kWritebackBytes = size_t{32} << 20;
// Caching::kPaced: what may be on its way to the disk at once.
constexpr size_t kPacedBytes = size_t{2} << 20;
// Direct writes (Caching::kBypass) go in whole blocks of this alignment
// (memory, offset and size: 4096 serves disks of 512- and 4096-byte
// sectors), a staged buffer at a time.
constexpr size_t kDirectAlignment = 4096;
constexpr size_t kStagedBytes = size_t{4} << 20;

// Whether `name` is a temporary of target file `base`: base + infix + six
// characters + suffix, nothing else.
bool IsTemporaryOf(std::string_view name, std::string_view base) {
  const size_t length = base.size() + kTempInfix.size() + kRandomChars + kTempSuffix.size();
  return name.size() == length && name.substr(0, base.size()) == base &&
         name.substr(base.size(), kTempInfix.size()) == kTempInfix &&
         name.substr(length - kTempSuffix.size()) == kTempSuffix;
}

mode_t CreationMode() {
  // umask can only be read by setting it; put it straight back.
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// Makes the directory entry of a rename durable (a power cut after Commit
// must not bring back the old file or no file).
void SyncDirectoryOf(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Where a chain of symbolic links starting at `path` ends (the last name,
// which need not exist yet); `path` itself when it is no link. Error(kIo)
// for a loop.
std::string FollowLinks(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path at(path);
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(at, error))) return at.string();
    fs::path target = fs::read_symlink(at, error);
    if (error) return at.string();
    at = target.is_absolute() ? target : at.parent_path() / target;
  }
  throw Error(ErrorKind::kIo, "cannot write \"" + path + "\": " + std::strerror(ELOOP));
}

// Removes the temporaries in `directory` whose name `is_temporary` accepts
// and that no live writer holds.
template <typename Accept>
size_t RemoveStaleIn(const std::string& directory, Accept is_temporary) {
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return 0;
  size_t removed = 0;
  while (struct dirent* entry = ::readdir(dir)) {
    if (!is_temporary(std::string_view(entry->d_name))) continue;
    std::string candidate = directory + "/" + entry->d_name;
    int fd = ::open(candidate.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat info;
    // A live writer holds the lock; a dead one's lock went with its process.
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
        ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      if (::unlink(candidate.c_str()) == 0) ++removed;
    }
    ::close(fd);  // releases the lock
  }
  ::closedir(dir);
  return removed;
}

}  // namespace

size_t RemoveStaleTemporaries(const std::string& path) {
  std::filesystem::path target(path);
  std::string base = target.filename().string();
  std::string directory = target.parent_path().string();
  if (directory.empty()) directory = ".";
  return RemoveStaleIn(directory, [&](std::string_view name) { return IsTemporaryOf(name, base); });
}

size_t RemoveStaleTemporariesIn(const std::string& directory) {
  return RemoveStaleIn(directory, [](std::string_view name) {
    const size_t infix = name.rfind(kTempInfix);
    return infix != std::string_view::npos && IsTemporaryOf(name, name.substr(0, infix));
  });
}

void AtomicFile::AlignedFree::operator()(char* p) const { std::free(p); }

void CheckOutputDirectory(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (folder.empty() || std::filesystem::exists(folder, error)) return;
  throw Error(ErrorKind::kIo, "cannot write \"" + path + "\": its directory " + folder.string() +
                                  " does not exist (mkdir -p " + folder.string() + ")");
}

AtomicFile::AtomicFile(const std::string& path, Caching caching, Target kind) : path_(path) {
  // Standard output by any of its names is written as "-" is: through a
  // link into /proc, the file it names (a log the shell appends to) would
  // be replaced, not written.
  if (path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1") {
    fd_ = STDOUT_FILENO;
    return;
  }
  const bool own_entry = kind == Target::kOwnEntry;
  struct stat existing;
  // An own entry is looked at, not what a link there leads to.
  bool exists =
      (own_entry ? ::lstat(path.c_str(), &existing) : ::stat(path.c_str(), &existing)) == 0;
  if (exists && S_ISDIR(existing.st_mode)) Fail("write", EISDIR);
  if (own_entry && exists && !S_ISREG(existing.st_mode)) exists = false;  // replaced: a new mode
  if (!own_entry && exists && !S_ISREG(existing.st_mode)) {
    OpenDirect();
    return;
  }
  // The file a link leads to is replaced, not the link; a link into /proc
  // (another descriptor: /dev/stderr, /dev/fd/N) is written in place.
  const std::string target = own_entry ? path : FollowLinks(path);
  if (!own_entry && target.rfind("/proc/", 0) == 0) {
    OpenDirect();
    return;
  }
  RemoveStaleTemporaries(target);
  std::string pattern = target + std::string(kTempInfix) + "XXXXXX" + std::string(kTempSuffix);
  for (;;) {
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkstemps(name.data(), static_cast<int>(kTempSuffix.size()));
    // Not "cannot create a temporary file": the folder is what is missing.
    if (fd_ < 0 && errno == ENOENT) CheckOutputDirectory(target);
    if (fd_ < 0) Fail("create a temporary file for", errno);
    // Another run's cleanup may have seen the file between its creation and
    // this lock, and removed it: then the name no longer leads to this file.
    ::flock(fd_, LOCK_EX);
    struct stat mine, linked;
    if (::fstat(fd_, &mine) == 0 && ::stat(name.data(), &linked) == 0 &&
        mine.st_ino == linked.st_ino && mine.st_dev == linked.st_dev) {
      temp_path_ = name.data();
      break;
    }
    ::close(fd_);
  }
  target_ = target;
  // An overwritten output keeps its owner and group where this process may
  // give them (root running a nightly job over a file a BI group reads; a
  // user may still give a group of theirs), so that readers keep their
  // access. Not for a cache entry: whoever planted a file there would own
  // the next one.
  if (exists && !own_entry && (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid()))
    if (::fchown(fd_, existing.st_uid, existing.st_gid) != 0)
      (void)!::fchown(fd_, static_cast<uid_t>(-1), existing.st_gid);
  // mkstemps makes the file private (0600); give the output the mode an
  // overwritten file had, else what the umask allows. (After the owner:
  // a change of owner clears the set-id bits.)
  ::fchmod(fd_, exists ? existing.st_mode & 07777 : CreationMode());
  paced_ = caching == Caching::kPaced;
  if (caching == Caching::kBypass) {
    const int flags = ::fcntl(fd_, F_GETFL);
    void* buffer = nullptr;
    if (flags >= 0 && ::posix_memalign(&buffer, kDirectAlignment, kStagedBytes) == 0) {
      staged_.reset(static_cast<char*>(buffer));
      if (::fcntl(fd_, F_SETFL, flags | O_DIRECT) != 0) staged_.reset();  // tmpfs, say
    }
  }
}

void AtomicFile::OpenDirect() {
  // Not retried on EINTR: a FIFO nobody reads blocks here, and Ctrl-C must
  // end the wait.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) Fail("open", errno);
  owns_direct_fd_ = true;
}

AtomicFile::~AtomicFile() {
  if (owns_direct_fd_ && fd_ >= 0) ::close(fd_);
  if (temp_path_.empty() || committed_) return;
  ::unlink(temp_path_.c_str());
  if (fd_ >= 0) ::close(fd_);
}

void AtomicFile::Fail(const char* what, int error_number) {
  const std::string target = path_ == "-" ? "standard output" : "\"" + path_ + "\"";
  throw Error(ErrorKind::kIo,
              "cannot " + std::string(what) + " " + target + ": " + std::strerror(error_number));
}

void AtomicFile::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      Fail("write", errno);
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
}

void AtomicFile::StopBypassing() {
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) != 0) Fail("write", errno);
  const size_t rest = staged_size_;
  staged_size_ = 0;
  auto staged = std::move(staged_);
  WriteAll(staged.get(), rest);
}

void AtomicFile::FlushStaged(bool all) {
  const size_t whole = staged_size_ / kDirectAlignment * kDirectAlignment;
  if (whole > 0) {
    // A file system may take O_DIRECT at open and refuse the write itself
    // (EINVAL): the same bytes then go through the page cache.
    ssize_t written;
    do written = ::write(fd_, staged_.get(), whole);
    while (written < 0 && errno == EINTR);
    if (written < 0 && errno != EINVAL) Fail("write", errno);
    if (written < 0 || static_cast<size_t>(written) != whole) {
      // Short or refused: the offset may now be unaligned, so the rest goes
      // the ordinary way (a short direct write is rare: a full disk).
      const size_t done = written < 0 ? 0 : static_cast<size_t>(written);
      std::memmove(staged_.get(), staged_.get() + done, staged_size_ - done);
      staged_size_ -= done;
      StopBypassing();
      return;
    }
    std::memmove(staged_.get(), staged_.get() + whole, staged_size_ - whole);
    staged_size_ -= whole;
  }
  if (all && staged_size_ > 0) StopBypassing();
}

void AtomicFile::WritePaced(std::string_view bytes) {
  while (!bytes.empty()) {
    const size_t take = std::min(bytes.size(), kPacedBytes - (written_ - flushing_));
    WriteAll(bytes.data(), take);
    written_ += take;
    bytes.remove_prefix(take);
    if (written_ - flushing_ < kPacedBytes) continue;
    // Waits for the stretch's pages to be on the disk (no cache flush: the
    // fsync before the rename does that once).
    ::sync_file_range(
        fd_, static_cast<off_t>(flushing_), static_cast<off_t>(written_ - flushing_),
        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    flushing_ = written_;
  }
}

void AtomicFile::Write(std::string_view bytes) {
  if (paced_) return WritePaced(bytes);
  while (staged_ && !bytes.empty()) {
    const size_t take = std::min(bytes.size(), kStagedBytes - staged_size_);
    std::memcpy(staged_.get() + staged_size_, bytes.data(), take);
    staged_size_ += take;
    written_ += take;
    bytes.remove_prefix(take);
    if (staged_size_ == kStagedBytes) FlushStaged(false);
  }
  if (bytes.empty()) return;
  WriteAll(bytes.data(), bytes.size());
  written_ += bytes.size();
  if (!temp_path_.empty() && written_ - flushing_ >= kWritebackBytes) {
    // Start (not wait for) writing the new stretch to disk.
    ::sync_file_range(fd_, static_cast<off_t>(flushing_), static_cast<off_t>(written_ - flushing_),
                      SYNC_FILE_RANGE_WRITE);
    flushing_ = written_;
  }
}

void AtomicFile::Sync() {
  if (temp_path_.empty()) return;  // written directly: nothing to make durable
  if (staged_) FlushStaged(true);
  if (::fsync(fd_) != 0 && errno != EINVAL) Fail("write", errno);
}

void AtomicFile::Commit() {
  if (temp_path_.empty()) {
    committed_ = true;
    if (owns_direct_fd_) {
      owns_direct_fd_ = false;
      if (::close(std::exchange(fd_, -1)) != 0) Fail("write", errno);
    }
    return;
  }
  // The data must be on disk before the rename makes it the output, or a
  // power cut could leave an empty file under the output's name (after a
  // Sync with nothing written since, this fsync has nothing left to do).
  Sync();
  if (::rename(temp_path_.c_str(), target_.c_str()) != 0)
    Fail("rename a temporary file onto", errno);
  committed_ = true;
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) Fail("write", errno);  // also releases the lock
  SyncDirectoryOf(target_);
}

}  // namespace acctseg
