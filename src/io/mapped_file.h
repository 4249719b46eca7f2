// A read-only memory map of a whole file. The mapping lives as long as the
// object; views into data() must not outlive it. Thread-safe to read.
#pragma once

#include <cstddef>
#include <string>

namespace acctseg {

class MappedFile {
 public:
  // Maps `path`. Throws Error (kIo) naming the path if it cannot be opened,
  // stat'ed or mapped. A 0-byte file maps to size() == 0.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }

  // Drops the pages wholly inside [begin, end) from this process's memory
  // (they stay in the page cache, and come back if read again): a reader
  // done with a range keeps resident memory from growing with the file.
  void ReleasePages(size_t begin, size_t end) const;

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace acctseg
