// An output file that appears complete or not at all: bytes go to a
// temporary file in the same directory (so rename is atomic), which Commit
// flushes to disk and renames over the target; destroying an uncommitted
// AtomicFile removes the temporary and leaves the target untouched. The
// path "-" means standard output, written directly (nothing to make atomic).
//
// The temporary is named "<target>.acctseg-XXXXXX.tmp" and holds an
// exclusive flock while it is written. A process killed mid-write (kill -9,
// a power cut) leaves it behind; the next AtomicFile for the same target
// removes such leftovers — only files of that exact name shape, owned by
// this user, and not locked (so never one another live run is writing).
//
// What the target already is decides how it is written:
// - a regular file, or nothing: the temporary and the rename above;
// - a symbolic link (or a chain of them): the same, beside the file it
//   leads to, which the rename replaces; the link stays a link;
// - a device or FIFO (/dev/null, a named pipe), or another descriptor
//   through /proc (/dev/stderr): written directly, as a shell's
//   redirection would. A rename would put a regular file in its place (as
//   root, /dev/null itself). /dev/stdout is standard output, as "-" is;
// - a directory: refused at once (kIo), before any work.
//
// With Target::kOwnEntry (a name in a directory acctseg keeps for itself:
// the input cache's entries) none of that applies: whatever is there, a
// link or a device, is replaced by the new file, never written through. A
// cache directory may be shared and writable by others; a link planted
// there made the next run overwrite the file it led to (/etc/passwd, as
// root).
//
// The finished file gets the mode an overwritten target had, else 0666
// less the umask, like any file a program creates.
//
// With Caching::kBypass the bytes go to the disk directly (O_DIRECT), in
// aligned blocks staged in a buffer of its own, not through the page cache:
// for a large output nothing reads back soon (a run's CSV), where copying
// it into the page cache was the writer thread's largest cost (on a VM,
// every page the cache takes is fresh memory: ~0.35 GB/s against 2 GB/s
// direct; bench/README.md "Outputs bypass the page cache"). A file system
// that refuses O_DIRECT (tmpfs) gets the bytes the ordinary way.
//
// With Caching::kPaced the bytes go through the page cache, but every 2 MB
// reach the disk before more is written: the disk's queue never holds more
// than that of this file, so another file's sync waits behind at most that.
// For a file written beside latency-bound work on the same disk (a live
// server's snapshot beside its log's commits: a 100 MB snapshot written
// at once held a log sync for up to ~70 ms, paced ~35 ms; bench/README.md,
// "Snapshot files paced").
// Errors: acctseg::Error kind kIo naming the target path. Not thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace acctseg {

// Error(kIo) "cannot write X: its directory D does not exist (mkdir -p D)"
// when the directory `path` would be written in is missing: said before any
// work by the commands (job/inputs.h RefuseOutputs), and by AtomicFile.
void CheckOutputDirectory(const std::string& path);

class AtomicFile {
 public:
  enum class Caching { kPageCache, kBypass, kPaced };
  enum class Target { kOutput, kOwnEntry };
  explicit AtomicFile(const std::string& path, Caching caching = Caching::kPageCache,
                      Target target = Target::kOutput);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void Write(std::string_view bytes);
  // Flushes what is written to disk now, so that a later Commit has only
  // the rename left: a job syncs on a worker thread while it records the
  // run, and learns of a full or failing disk before the run is committed.
  // Writing more afterwards is allowed (Commit flushes it). Errors: kIo.
  void Sync();
  // Flushes, closes and renames into place. Must be called at most once.
  void Commit();

  const std::string& path() const { return path_; }
  // The temporary file's path; empty when written directly (standard
  // output, a device or pipe).
  const std::string& temp_path() const { return temp_path_; }

 private:
  void Fail(const char* what, int error_number);
  // Writes `size` bytes at `data` with write(2), whole or failing.
  void WriteAll(const char* data, size_t size);
  // Writes the staged whole blocks directly; with `all`, the rest too,
  // after leaving direct writing (an unaligned tail cannot go direct).
  void FlushStaged(bool all);
  void StopBypassing();
  // Caching::kPaced: writes `bytes` a stretch at a time, each on the disk
  // before the next is written.
  void WritePaced(std::string_view bytes);

  // Opens `path_`, which is not a regular file, for direct writes.
  void OpenDirect();

  std::string path_;
  std::string target_;     // the file the rename replaces: path_, its links followed
  std::string temp_path_;  // empty when written directly
  int fd_ = -1;
  bool owns_direct_fd_ = false;  // a device or pipe this opened (not standard output)
  bool committed_ = false;
  bool paced_ = false;   // Caching::kPaced (never for standard output: set after it)
  size_t written_ = 0;   // bytes written so far
  size_t flushing_ = 0;  // bytes already handed to the disk (sync_file_range)
  // Caching::kBypass, while the file is written with O_DIRECT: the bytes
  // not yet written, in a buffer aligned for it.
  struct AlignedFree {
    void operator()(char* p) const;
  };
  std::unique_ptr<char, AlignedFree> staged_;
  size_t staged_size_ = 0;
};

// Removes the leftover temporaries of earlier, killed writers of `path`
// (see above). Returns how many were removed. Never throws.
size_t RemoveStaleTemporaries(const std::string& path);
// The same for every file of `directory`: for a directory whose outputs
// are named once each (a killed writer's temporary is left under a name no
// later write of the same file would clean).
size_t RemoveStaleTemporariesIn(const std::string& directory);

}  // namespace acctseg
