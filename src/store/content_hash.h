// Content fingerprints for the run store: XXH3-128 of a file's bytes or of
// a string, written "xxh3-128:<32 lowercase hex digits>". Fast (several
// GB/s), not cryptographic: it tells "same input" from "changed input", it
// does not defend against someone forging a collision.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace acctseg {

// Hash of the bytes of the file at `path`, read in streaming chunks.
// Throws Error(kIo) naming the path if it cannot be opened or read.
std::string HashFile(const std::string& path);

std::string HashString(std::string_view text);

inline constexpr std::string_view kContentHashPrefix = "xxh3-128:";

// The same hash over bytes given piece by piece (HashString of their
// concatenation). Small pieces are gathered into a buffer first: the
// streaming update costs more per call than hashing a few bytes.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  void Update(const void* data, size_t size);
  void Update(std::string_view text) { Update(text.data(), text.size()); }
  template <typename T>
  void UpdateValue(const T& value) {
    Update(&value, sizeof value);
  }
  std::string Digest();  // once

 private:
  void Flush();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace acctseg
