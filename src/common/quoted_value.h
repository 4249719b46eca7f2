// A value from the data, quoted for a message a person reads on a terminal:
// "invalid integer \"42abc\"", "duplicate id \"A1\"". The data may hold
// anything, so the quote shows what is there and no more: control bytes
// (ESC, CR, NUL ...) and invisible Unicode (a zero-width space, a
// no-break space, a byte-order mark) as escapes, so that a value can
// neither rewrite the terminal nor cut the message off at a NUL, nor look
// like "id" while it is "id\u200b"; and a long value shortened, so that a
// 1 MB field does not make a 1 MB message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace acctseg {

// The most bytes of a value a message shows.
inline constexpr size_t kQuotedValueBytes = 80;

// `value` in double quotes: \n, \r, \t, \0 and \xHH for the other control
// bytes and DEL, \uHHHH for invisible or line-breaking Unicode; cut after
// `max_bytes` bytes of the value (never inside a character) with
// "... (N bytes)" after the closing quote. A backslash or quote in the
// value stays as it is: the quote is for reading, not for parsing.
std::string QuotedValue(std::string_view value, size_t max_bytes = kQuotedValueBytes);

// The same escapes without the quotes or the cut: for a value that is part
// of a list or a table (a header's names, a report's cells).
std::string EscapedValue(std::string_view value);

}  // namespace acctseg
