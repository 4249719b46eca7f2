#include "common/group_digits.h"

namespace acctseg {

std::string GroupDigits(std::string_view number) {
  size_t start = !number.empty() && (number[0] == '-' || number[0] == '+') ? 1 : 0;
  size_t end = number.find('.');
  if (end == std::string_view::npos) end = number.size();
  std::string grouped(number.substr(0, start));
  for (size_t i = start; i < end; ++i) {
    grouped += number[i];
    size_t remaining = end - i - 1;
    if (remaining > 0 && remaining % 3 == 0) grouped += ',';
  }
  grouped += number.substr(end);
  return grouped;
}

}  // namespace acctseg
