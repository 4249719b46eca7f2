#include "store/versioned_record.h"

#include <cctype>

#include "common/error.h"
#include "common/plain_name.h"

namespace acctseg {

VersionedReference ParseVersionedReference(const std::string& text, std::string_view noun) {
  VersionedReference ref;
  size_t at = text.rfind('@');
  ref.name = text.substr(0, at);
  std::string quoted = std::string(noun) + " \"" + text + "\"";
  if (ref.name.empty()) throw Error(ErrorKind::kUsage, quoted + ": expected NAME or NAME@VERSION");
  if (at == std::string::npos) return ref;
  std::string digits = text.substr(at + 1);
  bool all_digits = !digits.empty() && digits.size() <= 12;
  for (char c : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (!all_digits || std::stoll(digits) == 0)
    throw Error(ErrorKind::kUsage, quoted +
                                       ": the version after @ must be a positive integer "
                                       "(" +
                                       ref.name + "@1), or leave it out for the latest");
  ref.version = std::stoll(digits);
  return ref;
}

std::string VersionedNameProblem(const std::string& name) {
  const std::string rule =
      ": use letters, digits, '-', '_' or '.', beginning with a letter or digit";
  if (name.empty()) return "is empty" + rule;
  if (!IsPlainName(name) || !std::isalnum(static_cast<unsigned char>(name[0])))
    return "\"" + name + "\"" + rule + " (the version is added as @1, @2, ...)";
  return "";
}

}  // namespace acctseg
