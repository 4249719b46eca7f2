// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
#pragma once

#include <cstddef>

namespace acctseg {

// Offset of the first byte of the first invalid sequence in [data, data +
// size), or `size` if all of it is valid UTF-8. A sequence cut off by the end
// of the range is invalid.
size_t FindInvalidUtf8(const char* data, size_t size);

}  // namespace acctseg
