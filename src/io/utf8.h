// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
#pragma once

#include <cstddef>
#include <string>

namespace acctseg {

// Offset of the first byte of the first invalid sequence in [data, data +
// size), or `size` if all of it is valid UTF-8. A sequence cut off by the end
// of the range is invalid, and so is a NUL byte: valid UTF-8, but no text
// a table holds (spreadsheets and CSV tools cut the text there), and the
// mark of a binary or UTF-16 file.
size_t FindInvalidUtf8(const char* data, size_t size);

// The message for an input whose `byte` starts an invalid sequence (the
// caller adds file:line:column): names the byte and says how to declare
// another encoding, the usual cause.
std::string InvalidUtf8Message(unsigned char byte);

}  // namespace acctseg
