#include "expr/vector.h"

#include <cstring>

namespace acctseg {

char* StringArena::Allocate(size_t size) {
  while (current_ < blocks_.size() && block_sizes_[current_] - used_ < size) {
    ++current_;
    used_ = 0;
  }
  if (current_ == blocks_.size()) {
    size_t block = size > (1u << 16) ? size : (1u << 16);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
    block_sizes_.push_back(block);
    used_ = 0;
  }
  char* out = blocks_[current_].get() + used_;
  used_ += size;
  return out;
}

std::string_view StringArena::Copy(std::string_view text) {
  if (text.empty()) return {};
  char* out = Allocate(text.size());
  std::memcpy(out, text.data(), text.size());
  return {out, text.size()};
}

void StringArena::Clear() {
  current_ = 0;
  used_ = 0;
}

}  // namespace acctseg
