// Who may do what: the bearer-token check, the scope check and the rate
// limit, decided before a request's body is read (docs/serve.md, "Tokens").
// Without a tokens file (--insecure-no-auth) every request is allowed and
// limited as one client. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "server/rate_limiter.h"
#include "server/token_file.h"

namespace acctseg::server {

struct Refusal {
  int status = 0;         // 401, 403 or 429 (the guard); 400, 411 or 413 (a body's framing)
  std::string error;      // the message of the {"error": ...} body
  int retry_after_s = 0;  // a 429's Retry-After: whole seconds until the next is allowed
};

class RequestGuard {
 public:
  // tokens: nullopt = no authentication. rate: requests/s per token, 0 = no limit.
  RequestGuard(std::optional<TokenFile> tokens, double rate)
      : tokens_(std::move(tokens)), limiter_(rate) {}

  // `authorization`: the Authorization header ("" when absent), and how
  // many the request has (more than one is a 401: the field is not a
  // list); `scope`: the Scope bit the route needs, 0 for a public route
  // (never refused).
  std::optional<Refusal> Check(unsigned scope, const std::string& authorization,
                               size_t authorizations = 1);
  // The token and scope part of Check (401, 403), taking nothing from the
  // rate limit: for the answer to "Expect: 100-continue", which Check
  // follows for the same request. `client` gets the token's name.
  std::optional<Refusal> CheckToken(unsigned scope, const std::string& authorization,
                                    size_t authorizations, std::string* client = nullptr) const;

  bool authenticates() const { return tokens_.has_value(); }

 private:
  std::optional<TokenFile> tokens_;
  RateLimiter limiter_;
};

}  // namespace acctseg::server
