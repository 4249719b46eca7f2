// Names a user gives what acctseg keeps by name (tokens, models, plans):
// letters, digits, '-', '_' or '.', so that they need no quoting in a file
// of space-separated fields, a policy or a shell.
#pragma once

#include <cctype>
#include <string_view>

namespace acctseg {

inline bool IsPlainName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

}  // namespace acctseg
