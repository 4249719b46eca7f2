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
  std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
  if (!state || XXH3_128bits_reset(state.get()) != XXH_OK)
    throw Error(ErrorKind::kInternal, "cannot start hashing " + path);
  std::vector<char> buffer(kReadChunkBytes);
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::kIo, "cannot read " + path + ": " + std::strerror(errno));
    }
    XXH3_128bits_update(state.get(), buffer.data(), static_cast<size_t>(got));
  }
  return Format(XXH3_128bits_digest(state.get()));
}

std::string HashString(std::string_view text) {
  return Format(XXH3_128bits(text.data(), text.size()));
}

}  // namespace acctseg
