// The text encodings an input or table may declare (`encoding:` in the
// policy), and the conversion of a single-byte encoding to UTF-8, which is
// what every reader parses.
//
// Each single-byte encoding is one 256-entry table from byte to its UTF-8
// sequence, so a conversion is a table look-up and a 4-byte store per byte.
// windows-1252's five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
// the C1 controls of the same value, as browsers (WHATWG) do, so no byte
// fails to convert.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace acctseg {

enum class TextEncoding { kUtf8, kMacRoman, kLatin1, kWindows1252 };

// "utf-8" (or "utf8"), "mac_roman" (or "macroman", "macintosh"), "latin1"
// (or "iso-8859-1", "latin-1"), "windows-1252" (or "cp1252"); any case,
// '-' and '_' alike. nullopt for any other name.
std::optional<TextEncoding> ParseTextEncoding(std::string_view name);

// The canonical name ("mac_roman"), as documented and shown in messages.
const char* TextEncodingName(TextEncoding encoding);

// The names ParseTextEncoding accepts, canonical ones, for messages:
// "utf-8, mac_roman, latin1, windows-1252".
const char* TextEncodingNames();

// True if the first line end of `data` is a lone '\r' (classic Mac OS line
// ends, as old Excel for Mac writes them).
bool HasClassicMacLineEnds(std::string_view data);

// `data` as UTF-8: decoded from `encoding` (kUtf8 copies it as is) and, if
// `lone_cr_to_lf`, with each '\r' that is not followed by '\n' made a '\n'
// (so line numbers count classic Mac lines; "\r\n" stays as it is).
std::string ConvertToUtf8(std::string_view data, TextEncoding encoding, bool lone_cr_to_lf);

}  // namespace acctseg
