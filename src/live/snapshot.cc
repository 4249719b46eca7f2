#include "live/snapshot.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "live/event_log_file.h"

namespace acctseg {
namespace {

constexpr char kPrefix[] = "snapshot-";
constexpr size_t kPrefixLength = sizeof kPrefix - 1;
constexpr size_t kDigits = 20;
constexpr char kTempMarker[] = ".tmp-";

std::string SnapshotName(uint64_t seq) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%020" PRIu64, kPrefix, seq);
  return name;
}

bool IsSnapshotName(const std::string& name) {
  return name.size() == kPrefixLength + kDigits && name.rfind(kPrefix, 0) == 0 &&
         name.find_first_not_of("0123456789", kPrefixLength) == std::string::npos;
}

void RemoveTree(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
  if (error) throw Error(ErrorKind::kIo, "cannot remove " + path + ": " + error.message());
}

// Makes every file the writers left in `dir` owner-only (0600: they wrote
// with the umask's mode; the accounts are the server's user's alone) and
// syncs it, then `dir` itself.
void SyncTree(const std::string& dir) {
  for (const std::string& name : ListDirectory(dir)) {
    std::string path = JoinPath(dir, name);
    if (std::filesystem::is_directory(path)) {
      SyncTree(path);
      continue;
    }
    ScopedFd fd = OpenFile(path, O_RDONLY);
    if (::fchmod(fd.get(), 0600) != 0)
      throw Error(ErrorKind::kIo, "cannot make " + path + " owner-only: " + std::strerror(errno));
    if (::fsync(fd.get()) != 0)
      throw Error(ErrorKind::kIo, "cannot sync " + path + ": " + std::strerror(errno));
  }
  SyncDirectory(dir);
}

}  // namespace

SnapshotStore::SnapshotStore(std::string dir) : dir_(std::move(dir)) {
  MakeOwnerOnlyDirectories(dir_);
  for (const std::string& name : ListDirectory(dir_))
    if (name.rfind(kPrefix, 0) == 0 && name.find(kTempMarker) != std::string::npos)
      RemoveTree(JoinPath(dir_, name));  // a snapshot a crash interrupted
}

std::vector<SnapshotStore::Snapshot> SnapshotStore::List() const {
  std::vector<Snapshot> snapshots;
  for (const std::string& name : ListDirectory(dir_))  // sorted: 20 digits sort by number
    if (IsSnapshotName(name))
      snapshots.push_back({std::stoull(name.substr(kPrefixLength)), JoinPath(dir_, name)});
  return snapshots;
}

std::optional<SnapshotStore::Snapshot> SnapshotStore::Latest() const {
  std::vector<Snapshot> snapshots = List();
  if (snapshots.empty()) return std::nullopt;
  return snapshots.back();
}

SnapshotStore::Snapshot SnapshotStore::Write(
    uint64_t seq, const std::vector<std::pair<std::string, Writer>>& files) {
  Snapshot snapshot{seq, JoinPath(dir_, SnapshotName(seq))};
  std::string pattern = snapshot.dir + kTempMarker + "XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw Error(ErrorKind::kIo,
                "cannot create a directory in " + dir_ + ": " + std::strerror(errno));
  const std::string temp = pattern;
  try {
    for (const auto& [name, writer] : files) writer(JoinPath(temp, name));
    SyncTree(temp);
    // A snapshot at this seq already (asked for again with other files):
    // swapped atomically, so one of the two is complete at every moment.
    bool replace = std::filesystem::is_directory(snapshot.dir);
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, snapshot.dir.c_str(),
                    replace ? RENAME_EXCHANGE : RENAME_NOREPLACE) != 0)
      throw Error(ErrorKind::kIo,
                  "cannot rename " + temp + " to " + snapshot.dir + ": " + std::strerror(errno));
    SyncDirectory(dir_);
    if (replace) RemoveTree(temp);  // the one it replaced
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temp, ignored);
    throw;
  }
  RemoveOld();
  return snapshot;
}

void SnapshotStore::RemoveOld() {
  std::vector<Snapshot> snapshots = List();
  if (snapshots.size() <= kKeep) return;
  for (size_t i = 0; i + kKeep < snapshots.size(); ++i) {
    // Renamed out of sight first, so a crash halfway through the removal
    // never leaves a partial snapshot under a complete one's name.
    std::string doomed = snapshots[i].dir + kTempMarker + "old";
    if (::rename(snapshots[i].dir.c_str(), doomed.c_str()) != 0)
      throw Error(ErrorKind::kIo,
                  "cannot rename " + snapshots[i].dir + ": " + std::strerror(errno));
    RemoveTree(doomed);
  }
  SyncDirectory(dir_);
}

}  // namespace acctseg
