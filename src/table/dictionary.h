// A dictionary: the distinct strings of a column, each with a dense code
// (0, 1, 2, ... in order of first insertion). String columns hold codes; the
// text lives once here. Intern is not thread-safe: parallel readers build
// one dictionary per chunk and merge them (see io/csv_reader.cc).
// Once built, a dictionary is immutable and may be read from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acctseg {

class Dictionary {
 public:
  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  // Code of `text`, adding it if new. The returned code is stable.
  uint32_t Intern(std::string_view text);
  // Code of `text` if present.
  std::optional<uint32_t> Find(std::string_view text) const;

  std::string_view Get(uint32_t code) const { return entries_[code]; }
  size_t size() const { return entries_.size(); }
  void Reserve(size_t entries);

  static uint64_t Hash(std::string_view text);

 private:
  void Grow();
  std::string_view Store(std::string_view text);

  std::vector<std::string_view> entries_;
  std::vector<uint64_t> entry_hashes_;
  // Open addressing: slot holds code + 1, 0 = empty.
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
  // Text storage in blocks that never move, so views stay valid.
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
};

}  // namespace acctseg
