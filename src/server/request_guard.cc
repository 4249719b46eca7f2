#include "server/request_guard.h"

#include <fmt/format.h>
#include <strings.h>

#include <algorithm>
#include <cmath>

#include "server/scopes.h"

namespace acctseg::server {

std::optional<Refusal> RequestGuard::CheckToken(unsigned scope, const std::string& authorization,
                                                size_t authorizations, std::string* client) const {
  if (scope == 0 || !tokens_) return std::nullopt;
  // Which one would a proxy in front have checked? (RFC 9110 5.3: a
  // field that is not a list appears once.)
  if (authorizations > 1) return Refusal{401, "more than one Authorization header: send one"};
  constexpr std::string_view kBearer = "Bearer ";
  // The scheme's name is case-insensitive (RFC 7235): "bearer" too.
  if (authorization.size() <= kBearer.size() ||
      strncasecmp(authorization.c_str(), kBearer.data(), kBearer.size()) != 0)
    return Refusal{401, "missing bearer token (Authorization: Bearer TOKEN)"};
  // "Bearer" 1*SP token (RFC 6750 2.1): more spaces than one are allowed.
  std::string_view token = std::string_view(authorization).substr(kBearer.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  std::optional<TokenEntry> entry = tokens_->Authenticate(token);
  if (!entry) return Refusal{401, "invalid bearer token"};
  if (!(entry->scopes & scope))
    return Refusal{403, fmt::format("token \"{}\" does not have the {} scope", entry->name,
                                    ScopeNames(scope))};
  if (client) *client = entry->name;
  return std::nullopt;
}

std::optional<Refusal> RequestGuard::Check(unsigned scope, const std::string& authorization,
                                           size_t authorizations) {
  if (scope == 0) return std::nullopt;
  std::string client = "anonymous";
  if (std::optional<Refusal> refusal = CheckToken(scope, authorization, authorizations, &client))
    return refusal;
  if (const double wait = limiter_.Take(client); wait > 0)
    return Refusal{429, "rate limit exceeded (--rate-limit requests per second per token)",
                   // A day at most: --rate-limit 1e-10 waits 1e10 s, past an int.
                   static_cast<int>(std::ceil(std::min(wait, 86400.0)))};
  return std::nullopt;
}

}  // namespace acctseg::server
