#include "quality/normalizers.h"

namespace acctseg {

std::optional<std::string_view> Normalize(NormalizerKind kind, std::string_view text,
                                          std::string& buffer) {
  switch (kind) {
    case NormalizerKind::kCountryCode:
      return CountryCode(text, buffer);
    case NormalizerKind::kDomain:
      return RegistrableDomain(text, buffer);
    case NormalizerKind::kNameKey:
      return NameKey(text, buffer);
    case NormalizerKind::kPhoneDigits:
      return PhoneDigits(text, buffer);
  }
  return std::nullopt;
}

const char* NormalizerFunctionName(NormalizerKind kind) {
  switch (kind) {
    case NormalizerKind::kCountryCode:
      return "COUNTRY_CODE";
    case NormalizerKind::kDomain:
      return "DOMAIN";
    case NormalizerKind::kNameKey:
      return "NAME_KEY";
    case NormalizerKind::kPhoneDigits:
      return "PHONE_DIGITS";
  }
  return "";
}

}  // namespace acctseg
