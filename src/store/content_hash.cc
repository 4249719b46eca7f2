#include "store/content_hash.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"

namespace acctseg {
namespace {

constexpr size_t kReadChunkBytes = 1 << 20;

std::string Format(XXH128_hash_t hash) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);  // big-endian: high half first
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(kContentHashPrefix);
  for (unsigned char byte : canonical.digest) {
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 15]);
  }
  return text;
}

struct StateDeleter {
  void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};

struct FileCloser {
  int fd;
  ~FileCloser() { ::close(fd); }
};

}  // namespace

std::string HashFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::kIo, "cannot open " + path + ": " + std::strerror(errno));
  FileCloser closer{fd};
  ContentHasher hasher;
  std::vector<char> buffer(kReadChunkBytes);
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::kIo, "cannot read " + path + ": " + std::strerror(errno));
    }
    hasher.Update(buffer.data(), static_cast<size_t>(got));
  }
  return hasher.Digest();
}

std::string HashString(std::string_view text) {
  return Format(XXH3_128bits(text.data(), text.size()));
}

namespace {
constexpr size_t kGatherBytes = size_t{1} << 16;
}  // namespace

struct ContentHasher::State {
  std::unique_ptr<XXH3_state_t, StateDeleter> xxh{XXH3_createState()};
  std::unique_ptr<char[]> gathered{new char[kGatherBytes]};
  size_t held = 0;
};

ContentHasher::ContentHasher() : state_(std::make_unique<State>()) {
  if (!state_->xxh || XXH3_128bits_reset(state_->xxh.get()) != XXH_OK)
    throw Error(ErrorKind::kInternal, "cannot start a content hash");
}

ContentHasher::~ContentHasher() = default;

void ContentHasher::Flush() {
  XXH3_128bits_update(state_->xxh.get(), state_->gathered.get(), state_->held);
  state_->held = 0;
}

void ContentHasher::Update(const void* data, size_t size) {
  if (size == 0) return;
  if (state_->held + size > kGatherBytes) {
    Flush();
    if (size >= kGatherBytes) {  // large: straight to the hash
      XXH3_128bits_update(state_->xxh.get(), data, size);
      return;
    }
  }
  std::memcpy(state_->gathered.get() + state_->held, data, size);
  state_->held += size;
}

std::string ContentHasher::Digest() {
  Flush();
  return Format(XXH3_128bits_digest(state_->xxh.get()));
}

}  // namespace acctseg
