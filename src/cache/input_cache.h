// The input cache (docs/cache.md): inputs read once are kept, parsed, in a
// directory of memory-mapped entries (cache/cached_read.h), so a user who
// edits a policy and runs it again does not pay the CSV parse again. An
// entry is found by its key (cache/cache_key.h: the file's content hash and
// every reading rule), so a copied file hits and an edited one misses.
//
// The cache never changes a run's result or its errors: a read that fails
// is not cached (its error is reported as without a cache), a read is kept
// whole (columns, row lines, row issue bits), and an entry that cannot be
// used — truncated, corrupt, another version's — is reported with a warning
// on standard error and replaced by a fresh read. A cache that cannot be
// written (a full disk, no permission) costs a warning, never the run.
// Entries are written by rename, so concurrent runs are safe; the least
// recently used are removed when the directory outgrows its limit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "io/csv_reader.h"

namespace acctseg {

inline constexpr uint64_t kDefaultInputCacheMaxBytes = uint64_t{4} << 30;  // 4 GiB

struct InputCacheOptions {
  bool enabled = false;  // the library's default; the CLI turns it on (docs/cache.md)
  std::string dir;       // "" = DefaultInputCacheDir()
  uint64_t max_bytes = kDefaultInputCacheMaxBytes;
};

// $ACCTSEG_CACHE_DIR, else $XDG_CACHE_HOME/acctseg, else $HOME/.cache/acctseg;
// "" when none of them is set (then nothing is cached).
std::string DefaultInputCacheDir();

// How a read went with the cache.
enum class CacheLookup {
  kBypassed,  // not looked up: the cache is off, or the source is not a file
  kHit,       // loaded from its entry
  kMiss,      // no entry: read from the file (and kept, if it read well)
  kRejected,  // an entry was there but unusable (warned): read and kept again
};

// The content hashes (store/content_hash.h) the cache took of the files it
// looked up, by path as read. A recorded run takes its inputs' fingerprints
// from here rather than reading each file a second time to hash it.
// Thread-safe: a run may read its inputs at once.
class ContentHashesTaken {
 public:
  void Put(const std::string& path, const std::string& content_hash);
  // The hash taken of `path`; "" if the cache took none (off, not a file).
  std::string Find(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> by_path_;
};

// What ReadTableFile(read) gives, from the cache when it holds this read
// and else read and kept. A database or a pipe is read as ever. `lookup`,
// if given, says which; `hashes`, if given, receives the file's content
// hash whenever the cache took one (for its key, before parsing).
// Errors: those of ReadTableFile.
CsvReadResult ReadTableFileCached(const CsvReadOptions& read, const InputCacheOptions& cache,
                                  CacheLookup* lookup = nullptr,
                                  ContentHashesTaken* hashes = nullptr);

// The reader RunOptions::read_input takes: ReadTableFileCached with `cache`
// (and `hashes`) when it is enabled, else empty (ReadTableFile).
std::function<CsvReadResult(const CsvReadOptions&)> InputReaderFor(
    const InputCacheOptions& cache, ContentHashesTaken* hashes = nullptr);

struct InputCacheUsage {
  std::string dir;
  size_t entries = 0;
  uint64_t bytes = 0;
};

// The entries in `dir` ("" = the default); a missing directory has none.
InputCacheUsage InspectInputCache(const std::string& dir);
// Removes every entry of `dir` ("" = the default); returns what was there.
// Throws Error(kIo) if an entry cannot be removed.
InputCacheUsage ClearInputCache(const std::string& dir);
// Removes the least recently used entries (loaded or written last) until
// those left take at most `max_bytes`. Never throws.
void EvictInputCache(const std::string& dir, uint64_t max_bytes);

}  // namespace acctseg
