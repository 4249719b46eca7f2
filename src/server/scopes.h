// What a bearer token may do: read (GET /v1/...), write (POST /v1/events,
// /v1/route), admin (POST /v1/snapshot). docs/serve.md, "Tokens".
#pragma once

#include <string>
#include <string_view>

namespace acctseg::server {

enum Scope : unsigned { kScopeRead = 1, kScopeWrite = 2, kScopeAdmin = 4 };

// "read,write,admin" (any order, no repeats) as a bit set. Error(kInput)
// starting with `where` for an unknown or empty scope.
unsigned ParseScopes(std::string_view text, const std::string& where);
// The set as "read,write,admin" (in that order).
std::string ScopeNames(unsigned scopes);

}  // namespace acctseg::server
