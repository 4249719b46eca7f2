#include "table/dictionary.h"

#include <cstring>

namespace acctseg {
namespace {
constexpr size_t kInitialSlots = 64;
constexpr size_t kBlockBytes = 1 << 16;
}  // namespace

Dictionary::Dictionary() : slots_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

uint64_t Dictionary::Hash(std::string_view text) {
  // FNV-1a over 8-byte words, then a final mix: fast on short keys.
  uint64_t h = 0xcbf29ce484222325ull ^ text.size();
  const char* p = text.data();
  size_t n = text.size();
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * 0x100000001b3ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  if (n > 0) std::memcpy(&tail, p, n);  // p may be null for the empty string
  h = (h ^ tail) * 0x100000001b3ull;
  h ^= h >> 32;
  h *= 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

void Dictionary::Reserve(size_t entries) {
  entries_.reserve(entries);
  entry_hashes_.reserve(entries);
  while (slots_.size() < entries * 2) Grow();
}

std::optional<uint32_t> Dictionary::Find(std::string_view text) const {
  return FindHashed(text, Hash(text));
}

std::optional<uint32_t> Dictionary::FindHashed(std::string_view text, uint64_t h) const {
  for (size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    uint32_t entry = slots_[slot];
    if (entry == 0) return std::nullopt;
    if (entry_hashes_[entry - 1] == h && SameText(entries_[entry - 1], text)) return entry - 1;
  }
}

void Dictionary::FindEntriesOf(const Dictionary& other, size_t begin, size_t end,
                               uint32_t* out) const {
  // The slot is fetched kAhead lookups early; half as far ahead it has
  // arrived, and the stored hash and entry it names are fetched.
  constexpr size_t kAhead = 16;
  for (size_t c = begin; c < end; ++c) {
    if (c + kAhead < end) __builtin_prefetch(&slots_[other.entry_hashes_[c + kAhead] & mask_]);
    if (c + kAhead / 2 < end) {
      uint32_t held = slots_[other.entry_hashes_[c + kAhead / 2] & mask_];
      if (held != 0) {
        __builtin_prefetch(&entry_hashes_[held - 1]);
        __builtin_prefetch(&entries_[held - 1]);
      }
    }
    out[c - begin] = FindHashed(other.entries_[c], other.entry_hashes_[c]).value_or(UINT32_MAX);
  }
}

uint32_t Dictionary::Intern(std::string_view text) {
  uint64_t h = Hash(text);
  size_t slot = h & mask_;
  for (;; slot = (slot + 1) & mask_) {
    uint32_t entry = slots_[slot];
    if (entry == 0) break;
    if (entry_hashes_[entry - 1] == h && SameText(entries_[entry - 1], text)) return entry - 1;
  }
  uint32_t code = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Store(text));
  entry_hashes_.push_back(h);
  slots_[slot] = code + 1;
  if (entries_.size() * 2 > slots_.size()) Grow();
  return code;
}

void Dictionary::Grow() {
  std::vector<uint32_t> bigger(slots_.size() * 2, 0);
  size_t mask = bigger.size() - 1;
  for (uint32_t code = 0; code < entries_.size(); ++code) {
    size_t slot = entry_hashes_[code] & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = code + 1;
  }
  slots_.swap(bigger);
  mask_ = mask;
}

std::string_view Dictionary::Store(std::string_view text) {
  if (text.empty()) return std::string_view();
  if (text.size() > block_size_ - block_used_) {
    block_size_ = text.size() > kBlockBytes ? text.size() : kBlockBytes;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  char* dest = blocks_.back().get() + block_used_;
  std::memcpy(dest, text.data(), text.size());
  block_used_ += text.size();
  return std::string_view(dest, text.size());
}

}  // namespace acctseg
