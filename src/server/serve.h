// `acctseg serve` end to end: checks the options (no tokens only with
// --insecure-no-auth, and then only on loopback), opens the live service,
// listens, prints "acctseg: listening on http://HOST:PORT" on standard
// error, and serves until SIGTERM or SIGINT, which stop it gracefully:
// in-flight requests are answered, the committer drains, exit code 0.
// Errors: acctseg::Error (usage, policy, input, io) before it serves.
#pragma once

#include <string>

#include "server/http_server.h"
#include "server/live_service.h"

namespace acctseg::server {

struct ServeOptions {
  ServiceOptions service;
  std::string listen = "127.0.0.1:8080";
  std::string tokens_path;  // "" only with insecure_no_auth
  bool insecure_no_auth = false;
  size_t max_body = 1 << 20;
  double rate_limit = 20000;
  std::string tls_cert, tls_key;
  int http_threads = 32;
};

int Serve(const ServeOptions& options);

}  // namespace acctseg::server
