// A file name's extension as the readers and writers compare it: lowercase,
// with its dot (".jsonl"); "" when the name has none.
#pragma once

#include <string>

namespace acctseg {

std::string LowercaseExtension(const std::string& path);

}  // namespace acctseg
