// One UTF-8 code point at a time, for code that looks at text character by
// character (folding names, reading phone numbers, quoting values in
// messages).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace acctseg {

// Decodes one UTF-8 code point at text[*pos], advancing *pos; returns
// UINT32_MAX (and advances one byte) for a byte that does not start a
// well-formed sequence.
uint32_t DecodeUtf8(std::string_view text, size_t* pos);

}  // namespace acctseg
