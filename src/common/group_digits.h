// Thousands separators for numbers shown to people (reports, charts,
// messages); never for files that are read back.
#pragma once

#include <string>
#include <string_view>

namespace acctseg {

// "1234567" -> "1,234,567"; "-1234.50" -> "-1,234.50". Display only.
std::string GroupDigits(std::string_view number);

}  // namespace acctseg
