#include "server/scopes.h"

#include <fmt/format.h>

#include "common/error.h"

namespace acctseg::server {
namespace {

constexpr std::pair<std::string_view, Scope> kScopes[] = {
    {"read", kScopeRead}, {"write", kScopeWrite}, {"admin", kScopeAdmin}};

}  // namespace

unsigned ParseScopes(std::string_view text, const std::string& where) {
  unsigned scopes = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view name = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    unsigned bit = 0;
    for (const auto& [known, scope] : kScopes)
      if (name == known) bit = scope;
    if (bit == 0)
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: unknown scope \"{}\" (expected read, write or admin, "
                              "comma-separated)",
                              where, name));
    if (scopes & bit)
      throw Error(ErrorKind::kInput, fmt::format("{}: scope \"{}\" given twice", where, name));
    scopes |= bit;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return scopes;
}

std::string ScopeNames(unsigned scopes) {
  std::string names;
  for (const auto& [name, scope] : kScopes) {
    if (!(scopes & scope)) continue;
    if (!names.empty()) names += ',';
    names += name;
  }
  return names;
}

}  // namespace acctseg::server
