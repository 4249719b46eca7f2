// Fuzzes the normalizers (src/quality/normalizers.h) and text folding with
// any bytes, valid UTF-8 or not: each must return, and what it returns must
// have its documented shape — a country code is two capital letters, a
// domain has no capital ASCII letter and at least one dot, a name key and a
// folded text have no leading, trailing or double space, phone digits are
// digits with an optional leading '+', at least 7 of them.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "quality/normalizers.h"
#include "quality/text_fold.h"

namespace {

void Check(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "normalizer contract broken: %s\n", what);
  std::abort();
}

bool SpacedWords(std::string_view text) {
  return !text.starts_with(' ') && !text.ends_with(' ') &&
         text.find("  ") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace acctseg;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string buffer, folded;
  FoldText(text, folded);
  Check(SpacedWords(folded), "folded text spacing");
  if (auto code = CountryCode(text, buffer))
    Check(code->size() == 2 && (*code)[0] >= 'A' && (*code)[0] <= 'Z' && (*code)[1] >= 'A' &&
              (*code)[1] <= 'Z',
          "country code shape");
  if (auto domain = RegistrableDomain(text, buffer)) {
    Check(domain->find('.') != std::string_view::npos, "domain has a dot");
    for (char c : *domain) Check(!(c >= 'A' && c <= 'Z'), "domain is lower case");
  }
  if (auto key = NameKey(text, buffer)) Check(!key->empty() && SpacedWords(*key), "name key");
  if (auto phone = PhoneDigits(text, buffer)) {
    size_t digits = 0;
    for (size_t i = 0; i < phone->size(); ++i) {
      const char c = (*phone)[i];
      Check((c >= '0' && c <= '9') || (c == '+' && i == 0), "phone characters");
      digits += c != '+';
    }
    Check(digits >= 7, "phone has 7 digits");
  }
  return 0;
}
