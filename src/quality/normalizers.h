// The normalizers: messy text in, one canonical form out, or nothing when the
// text is not recognized. They serve the expression functions COUNTRY_CODE,
// DOMAIN, NAME_KEY and PHONE_DIGITS (expr/functions_normalize.cc) and the
// normalize step (steps/normalize.cc); docs/data-quality.md, "Normalizers",
// says what each one does.
//
// Each takes the text and a `buffer` of the caller's (one per thread, reused
// call after call, so a warm caller allocates nothing) and returns a view of
// static data, of `text` or of `buffer` — valid until the buffer's next use,
// so the caller copies it first. nullopt: present but not recognized.
// Thread-safe: the tables are built once, on first use, from the data files
// built into the binary (data/, embedded_data.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace acctseg {

enum class NormalizerKind { kCountryCode, kDomain, kNameKey, kPhoneDigits };

// ISO 3166-1 alpha-2 ("US") of a country's code (alpha-2, alpha-3, numeric),
// English name, official or common name, or an alias (data/); matched case-,
// accent- and punctuation-insensitively.
std::optional<std::string_view> CountryCode(std::string_view text, std::string& buffer);

// The registrable domain (eTLD+1, lower case) of a URL, host name or e-mail
// address, by the public suffix list (libpsl's built-in copy).
std::optional<std::string_view> RegistrableDomain(std::string_view text, std::string& buffer);

// A company name's match key: folded (text_fold.h), a leading "the" and
// trailing legal-form suffixes (data/legal_suffixes.txt) removed.
std::optional<std::string_view> NameKey(std::string_view text, std::string& buffer);

// A phone number's digits, "+" first if the number starts with one;
// nullopt under 7 digits. An extension ("x12", "ext. 12") is left out.
std::optional<std::string_view> PhoneDigits(std::string_view text, std::string& buffer);

std::optional<std::string_view> Normalize(NormalizerKind kind, std::string_view text,
                                          std::string& buffer);

// The expression function that applies `kind`: "COUNTRY_CODE", ...
const char* NormalizerFunctionName(NormalizerKind kind);

}  // namespace acctseg
