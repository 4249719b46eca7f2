// An output file that appears complete or not at all: bytes go to a
// temporary file in the same directory (so rename is atomic), which Commit
// renames over the target; destroying an uncommitted AtomicFile removes the
// temporary and leaves the target untouched. The path "-" means standard
// output, written directly (nothing to make atomic).
// Errors: acctseg::Error kind kIo naming the target path. Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace acctseg {

class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void Write(std::string_view bytes);
  // Closes and renames into place. Must be called at most once.
  void Commit();

 private:
  void Fail(const char* what, int error_number);

  std::string path_;
  std::string temp_path_;  // empty for standard output
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace acctseg
