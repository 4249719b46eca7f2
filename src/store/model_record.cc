#include "store/model_record.h"

#include <cctype>

#include "common/error.h"

namespace acctseg {

ModelReference ParseModelReference(const std::string& text) {
  ModelReference ref;
  size_t at = text.rfind('@');
  ref.name = text.substr(0, at);
  if (ref.name.empty())
    throw Error(ErrorKind::kUsage, "model \"" + text + "\": expected NAME or NAME@VERSION");
  if (at == std::string::npos) return ref;
  std::string digits = text.substr(at + 1);
  bool all_digits = !digits.empty() && digits.size() <= 12;
  for (char c : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (!all_digits || std::stoll(digits) == 0)
    throw Error(ErrorKind::kUsage, "model \"" + text +
                                       "\": the version after @ must be a positive integer "
                                       "(ptb@1), or leave it out for the latest");
  ref.version = std::stoll(digits);
  return ref;
}

}  // namespace acctseg
