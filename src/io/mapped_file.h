// A read-only view of a whole file. A regular file is memory-mapped; a pipe
// or other stream (-i /dev/stdin) is read to its end into memory. The view
// lives as long as the object; views into data() must not outlive it.
// Thread-safe to read.
//
// A mapped file truncated by another program while it is read would kill
// the process with SIGBUS. While any MappedFile lives, a SIGBUS handler
// turns a fault inside one of them into the message "PATH: the file was
// truncated while it was read ..." and exit code 65 (kInput), and passes
// any other SIGBUS on to the default action.
#pragma once

#include <cstddef>
#include <string>

namespace acctseg {

class MappedFile {
 public:
  // Throws Error (kIo) naming the path if it cannot be opened, stat'ed,
  // mapped or read. An empty file gives size() == 0.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }

  // Drops the pages wholly inside [begin, end) from this process's memory
  // (they stay in the page cache, and come back if read again): a reader
  // done with a range keeps resident memory from growing with the file.
  // Does nothing for a file read into memory.
  void ReleasePages(size_t begin, size_t end) const;

 private:
  void ReadStream(int fd, const std::string& path);

  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;  // else data_ is a malloc'd copy of a stream
  int guard_slot_ = -1;  // this mapping's entry in the SIGBUS guard
};

}  // namespace acctseg
