// DOMAIN: the host of a URL or e-mail address, reduced to the part a
// company registers (libpsl decides where the public suffix ends).
#include <libpsl.h>

#include "common/error.h"
#include "quality/normalizers.h"

namespace acctseg {
namespace {

const psl_ctx_t* PublicSuffixList() {
  // The list compiled into libpsl; the system's file if it has none. Both
  // are immutable and safe to share between threads. Without either, every
  // domain would silently be NULL: stop instead.
  static const psl_ctx_t* const list = [] {
    const psl_ctx_t* builtin = psl_builtin();
    return builtin ? builtin : psl_latest(nullptr);
  }();
  if (list == nullptr)
    throw Error(ErrorKind::kIo,
                "DOMAIN needs the public suffix list, but libpsl has none built in and "
                "cannot read the system's (install the publicsuffix package)");
  return list;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if ((text[i] | 0x20) != prefix[i]) return false;
  return true;
}

// The host part: after a scheme ("https://"), "mailto:" or the last "@" of
// an e-mail address, before any path, query, fragment or port.
std::string_view HostOf(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (size_t scheme = text.find("://"); scheme != std::string_view::npos)
    text.remove_prefix(scheme + 3);
  else if (StartsWithNoCase(text, "mailto:"))
    text.remove_prefix(7);
  text = text.substr(0, text.find_first_of("/?#"));
  if (size_t at = text.rfind('@'); at != std::string_view::npos) text.remove_prefix(at + 1);
  if (size_t colon = text.find(':'); colon != std::string_view::npos) text = text.substr(0, colon);
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);  // the DNS root
  return text;
}

// Letters, digits and hyphens in labels of 1 to 63 bytes (bytes beyond ASCII
// pass: internationalized names), at least two labels, not all digits (an
// IPv4 address has no registrable domain).
bool IsHostName(std::string_view host) {
  size_t label = 0, labels = 1;
  bool letters = false;
  for (char c : host) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      ++labels;
      continue;
    }
    const bool digit = c >= '0' && c <= '9';
    if (!digit && c != '-' && !(c >= 'a' && c <= 'z') && u < 0x80) return false;
    letters |= !digit;
    if (++label > 63) return false;
  }
  return label > 0 && labels >= 2 && letters;
}

}  // namespace

std::optional<std::string_view> RegistrableDomain(std::string_view text, std::string& buffer) {
  std::string_view host = HostOf(text);
  buffer.assign(host);
  for (char& c : buffer)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!IsHostName(buffer)) return std::nullopt;
  // libpsl returns a pointer into the host it was given (a suffix of it).
  const char* domain = psl_registrable_domain(PublicSuffixList(), buffer.c_str());
  if (domain == nullptr) return std::nullopt;
  return std::string_view(buffer).substr(static_cast<size_t>(domain - buffer.data()));
}

}  // namespace acctseg
