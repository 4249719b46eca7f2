#include "table/dictionary.h"

#include <algorithm>
#include <cstring>

namespace acctseg {
namespace {
constexpr size_t kInitialSlots = 64;
// Text blocks start small and double up to kBlockBytes: a live server
// builds and drops a dictionary for every string column of every event's
// few rows, and a 64 KB block each time was a large allocation whose malloc
// and free made glibc consolidate its fast bins, again and again.
constexpr size_t kFirstBlockBytes = 256;
constexpr size_t kBlockBytes = 1 << 16;
}  // namespace

Dictionary::Dictionary() { ResetSlots(kInitialSlots); }

void Dictionary::ResetSlots(size_t slots, int threads) {
  AssignZeros(slots_, slots, threads);
  mask_ = slots - 1;
  tag_mask_ = TagMaskFor(mask_);
}

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
  while (slots_.size() < entries * 2) Grow();
}

std::shared_ptr<const Dictionary> Dictionary::Frozen(std::shared_ptr<const Dictionary> source) {
  auto frozen = std::make_shared<Dictionary>();
  FreezeInto(std::move(source), *frozen);
  return frozen;
}

void Dictionary::FreezeInto(std::shared_ptr<const Dictionary> source, Dictionary& into) {
  // Copy-assigned: a vector keeps its capacity when it is large enough.
  into.entries_ = source->entries_;
  into.slots_ = source->slots_;
  into.mask_ = source->mask_;
  into.tag_mask_ = source->tag_mask_;
  // No blocks of its own: an Intern would start one (the class allows it,
  // a frozen copy is const to its users).
  into.blocks_.clear();
  into.block_used_ = into.block_size_ = 0;
  into.text_owner_ = source->text_owner_ ? source->text_owner_ : std::move(source);
}

std::optional<uint32_t> Dictionary::Find(std::string_view text) const {
  return FindHashed(text, Hash(text));
}

std::optional<uint32_t> Dictionary::FindHashed(std::string_view text, uint64_t h) const {
  const uint32_t tag = TagOf(h);
  for (size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    uint32_t held = slots_[slot];
    if (held == 0) return std::nullopt;
    if ((held & tag_mask_) == tag && SameText(Get(CodeIn(held)), text)) return CodeIn(held);
  }
}

void Dictionary::FindEntriesOf(const Dictionary& other, size_t begin, size_t end,
                               uint32_t* out) const {
  // Other's texts a batch at a time (they lie in order in its blocks).
  constexpr size_t kBatch = 256;
  std::string_view texts[kBatch];
  for (size_t first = begin; first < end; first += kBatch) {
    const size_t count = std::min(kBatch, end - first);
    for (size_t i = 0; i < count; ++i) texts[i] = other.Get(static_cast<uint32_t>(first + i));
    FindMany(texts, count, out + (first - begin));
  }
}

void Dictionary::FindMany(const std::string_view* texts, size_t count, uint32_t* out) const {
  // Hashed a batch at a time; then each slot is fetched kAhead lookups
  // early, and half as far ahead, once it has arrived, the entry it names.
  constexpr size_t kBatch = 256, kAhead = 16;
  uint64_t hashes[kBatch];
  for (size_t first = 0; first < count; first += kBatch) {
    const size_t batch = std::min(kBatch, count - first);
    const std::string_view* text = texts + first;
    for (size_t i = 0; i < batch; ++i) hashes[i] = Hash(text[i]);
    for (size_t i = 0; i < batch; ++i) {
      if (i + kAhead < batch) __builtin_prefetch(&slots_[hashes[i + kAhead] & mask_]);
      if (i + kAhead / 2 < batch) {
        const uint64_t hash = hashes[i + kAhead / 2];
        uint32_t held = slots_[hash & mask_];
        if (held != 0 && (held & tag_mask_) == TagOf(hash))
          __builtin_prefetch(&entries_[CodeIn(held)]);
      }
      out[first + i] = FindHashed(text[i], hashes[i]).value_or(UINT32_MAX);
    }
  }
}

uint32_t Dictionary::Intern(std::string_view text) {
  uint64_t h = Hash(text);
  const uint32_t tag = TagOf(h);
  size_t slot = h & mask_;
  for (;; slot = (slot + 1) & mask_) {
    uint32_t held = slots_[slot];
    if (held == 0) break;
    if ((held & tag_mask_) == tag && SameText(Get(CodeIn(held)), text)) return CodeIn(held);
  }
  uint32_t code = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Store(text));
  slots_[slot] = (code + 1) | tag;
  if (entries_.size() * 2 > slots_.size()) Grow();
  return code;
}

void Dictionary::Grow() {
  // No hash is kept per entry: each text is hashed again (a dictionary
  // grows by doubling, so that is once per entry on average).
  // The tag loses a bit each time the codes gain one.
  ResetSlots(slots_.size() * 2);
  for (uint32_t code = 0; code < entries_.size(); ++code) {
    const uint64_t h = Hash(Get(code));
    size_t slot = h & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = (code + 1) | TagOf(h);
  }
}

const char* Dictionary::Store(std::string_view text) {
  if (text.empty()) return dictionary_entry::kEmpty;
  const size_t need = dictionary_entry::LengthBytes(text.size()) + text.size();
  if (need > block_size_ - block_used_) {
    block_size_ = std::max(need, std::clamp(2 * block_size_, kFirstBlockBytes, kBlockBytes));
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  char* entry = blocks_.back().get() + block_used_;
  dictionary_entry::Put(text, entry);
  block_used_ += need;
  return entry;
}

namespace dictionary_entry {

char* Put(std::string_view text, char* out) {
  for (size_t length = text.size();; length >>= 7) {
    if (length < 0x80) {
      *out++ = static_cast<char>(length);
      break;
    }
    *out++ = static_cast<char>(0x80 | (length & 0x7F));
  }
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

std::string_view LongText(const unsigned char* at) {
  size_t length = 0;
  for (int shift = 0;; shift += 7) {
    const unsigned char byte = *at++;
    length |= static_cast<size_t>(byte & 0x7F) << shift;
    if (byte < 0x80) break;
  }
  return std::string_view(reinterpret_cast<const char*>(at), length);
}

}  // namespace dictionary_entry
}  // namespace acctseg
