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

// What to do about a file that is not UTF-8: declare its encoding (a policy
// input or table has `encoding:`), or convert it (a file given by a flag,
// such as the reps or owners of a plan, has no place to declare one).
enum class EncodingAdvice { kDeclare, kConvert };

// The message for an input whose `byte` starts an invalid sequence (the
// caller adds file:line:column): names the byte and gives `advice` for
// another encoding, the usual cause.
std::string InvalidUtf8Message(unsigned char byte, EncodingAdvice advice);

}  // namespace acctseg
