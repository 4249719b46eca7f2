#include "cache/input_cache.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "cache/cache_key.h"
#include "cache/cached_read.h"
#include "common/error.h"
#include "io/file_stamp.h"
#include "io/table_file.h"

namespace fs = std::filesystem;

namespace acctseg {
namespace {

constexpr std::string_view kEntryExtension = ".acache";

void Warn(const std::string& message) {
  std::fprintf(stderr, "acctseg: warning: input cache: %s\n", message.c_str());
}

std::string DirOrDefault(const std::string& dir) {
  return dir.empty() ? DefaultInputCacheDir() : dir;
}

struct Entry {
  fs::path path;
  uint64_t bytes;
  fs::file_time_type used;  // the modification time: set on every load
};

std::vector<Entry> EntriesIn(const std::string& dir) {
  std::vector<Entry> entries;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != kEntryExtension) continue;
    // A link (or anything but a file) in an entry's place counts nothing:
    // what it leads to is not the cache's. It is still removed by a clear.
    std::error_code stat_error;
    const bool file = fs::is_regular_file(it->symlink_status(stat_error));
    uint64_t bytes = file ? it->file_size(stat_error) : 0;
    fs::file_time_type used = file ? it->last_write_time(stat_error) : fs::file_time_type::min();
    if (!stat_error) entries.push_back({it->path(), bytes, used});  // else removed meanwhile
  }
  return entries;
}

InputCacheUsage UsageOf(const std::string& dir, const std::vector<Entry>& entries) {
  InputCacheUsage usage{dir, entries.size(), 0};
  for (const Entry& entry : entries) usage.bytes += entry.bytes;
  return usage;
}

}  // namespace

std::string DefaultInputCacheDir() {
  if (const char* dir = std::getenv("ACCTSEG_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "acctseg").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".cache" / "acctseg").string();
  return "";
}

void ContentHashesTaken::Put(const std::string& path, const std::string& content_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_path_[path] = content_hash;
}

std::string ContentHashesTaken::Find(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_path_.find(path);
  return it == by_path_.end() ? std::string() : it->second;
}

CsvReadResult ReadTableFileCached(const CsvReadOptions& read, const InputCacheOptions& cache,
                                  CacheLookup* lookup, ContentHashesTaken* hashes) {
  CacheLookup ignored_lookup;
  CacheLookup& outcome = lookup ? *lookup : ignored_lookup;
  outcome = CacheLookup::kBypassed;
  const std::string dir = DirOrDefault(cache.dir);
  if (!cache.enabled || dir.empty()) return ReadTableFile(read);
  // The same stamp after the parse as before the hash: the entry is
  // written under the hash of what was parsed.
  const FileStamp before = StampOf(read.path);
  std::optional<InputCacheKey> key;
  try {
    key = InputCacheKeyFor(read);
  } catch (const Error&) {
    // Unreadable: the reader reports it, in its own words, as without a cache.
  }
  if (!key) return ReadTableFile(read);
  if (hashes) hashes->Put(read.path, key->content_hash);
  const std::string entry = (fs::path(dir) / key->file_name).string();

  std::string problem;
  if (std::optional<CsvReadResult> hit = LoadCachedRead(entry, key->text, read.threads, problem)) {
    std::error_code ignored;  // a read-only cache still serves; it only ages wrongly
    fs::last_write_time(entry, fs::file_time_type::clock::now(), ignored);
    outcome = CacheLookup::kHit;
    return std::move(*hit);
  }
  outcome = problem.empty() ? CacheLookup::kMiss : CacheLookup::kRejected;
  if (!problem.empty()) Warn(entry + " cannot be used (" + problem + "); reading " + read.path);

  CsvReadResult result = ReadTableFile(read);       // a read that fails is never cached
  if (StampOf(read.path) != before) return result;  // changed while read: the key may be stale
  try {
    fs::create_directories(dir);
    // An entry over the limit is not kept (its arrays are measured before
    // it is written, its header after), rather than evicting the others.
    if (!WriteCachedRead(entry, key->text, result, cache.max_bytes)) return result;
    if (fs::file_size(entry) > cache.max_bytes)
      fs::remove(entry);
    else
      EvictInputCache(dir, cache.max_bytes);
  } catch (const std::exception& e) {
    Warn(std::string("cannot keep ") + read.path + ": " + e.what());
  }
  return result;
}

std::function<CsvReadResult(const CsvReadOptions&)> InputReaderFor(const InputCacheOptions& cache,
                                                                   ContentHashesTaken* hashes) {
  if (!cache.enabled) return {};
  return [cache, hashes](const CsvReadOptions& read) {
    return ReadTableFileCached(read, cache, nullptr, hashes);
  };
}

namespace {

// The directory `cache info` and `cache clear` read: one that is not there
// has no entries, but a file in its place is a mistake to say, not "0
// entries" (a run with it warns "Not a directory").
std::string CommandDir(const std::string& dir) {
  const std::string where = DirOrDefault(dir);
  std::error_code error;
  if (!where.empty() && fs::exists(where, error) && !fs::is_directory(where, error))
    throw Error(ErrorKind::kUsage,
                where + " is not a directory (--cache-dir names the input cache's directory)");
  return where;
}

}  // namespace

InputCacheUsage InspectInputCache(const std::string& dir) {
  const std::string where = CommandDir(dir);
  return UsageOf(where, EntriesIn(where));
}

InputCacheUsage ClearInputCache(const std::string& dir) {
  const std::string where = CommandDir(dir);
  std::vector<Entry> entries = EntriesIn(where);
  for (const Entry& entry : entries) {
    std::error_code error;
    if (!fs::remove(entry.path, error) && error)
      throw Error(ErrorKind::kIo, "cannot remove " + entry.path.string() + ": " + error.message());
  }
  return UsageOf(where, entries);
}

void EvictInputCache(const std::string& dir, uint64_t max_bytes) {
  std::vector<Entry> entries = EntriesIn(dir);
  uint64_t total = UsageOf(dir, entries).bytes;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (const Entry& entry : entries) {
    if (total <= max_bytes) break;
    std::error_code ignored;  // another run may have removed it first
    fs::remove(entry.path, ignored);
    total -= entry.bytes;
  }
}

}  // namespace acctseg
