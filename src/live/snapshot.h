// Snapshots bound the replay after a restart: the state as of one log seq,
// as named files (the server writes accounts.csv, routing.json, ...) in a
// directory "snapshot-<seq, 20 digits>/" under the store's directory.
//
// A snapshot appears whole or not at all: its files are written into a
// temporary directory, each file and the directory synced, then renamed into
// place and the parent synced. Latest() finds the newest complete one;
// temporaries left by a crash are removed on construction. Only the newest
// kKeep snapshots are kept. Errors: Error(kIo) naming the path; a writer's
// own exception propagates, leaving no trace. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace acctseg {

class SnapshotStore {
 public:
  static constexpr size_t kKeep = 2;
  // Writes one file of a snapshot at `path` (a file in the temporary directory).
  using Writer = std::function<void(const std::string& path)>;
  struct Snapshot {
    uint64_t seq = 0;
    std::string dir;  // holds the files by name
  };

  // Creates `dir` when missing.
  explicit SnapshotStore(std::string dir);

  // Writes the snapshot of the state after `seq` from the named writers and
  // returns it; then removes snapshots older than the newest kKeep. One
  // already there at `seq` is replaced by an atomic exchange (renameat2
  // RENAME_EXCHANGE: ext4, xfs, btrfs, tmpfs), so it may gain files.
  Snapshot Write(uint64_t seq, const std::vector<std::pair<std::string, Writer>>& files);
  // The newest complete snapshot, or nullopt when there is none.
  std::optional<Snapshot> Latest() const;
  // Every complete snapshot, oldest first.
  std::vector<Snapshot> List() const;

  const std::string& dir() const { return dir_; }

 private:
  void RemoveOld();
  const std::string dir_;
};

}  // namespace acctseg
