// The HTTP front of the live service (cpp-httplib): the routes of
// docs/serve.md, each with the scope it needs; the guard (tokens, scopes,
// rate limit) before a body is read; the body size limit (413); JSON error
// bodies for every refusal; metrics for every answer; optional TLS.
// Errors: Error(kUsage) for TLS files that do not load, Error(kIo) if the
// address cannot be bound.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "server/listen_address.h"
#include "server/token_file.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace acctseg::server {

class ListeningSocket;
class LiveService;
class RequestGuard;

struct HttpOptions {
  ListenAddress listen;
  std::optional<TokenFile> tokens;  // nullopt: --insecure-no-auth
  size_t max_body = 1 << 20;        // bytes; larger bodies get 413
  double rate_limit = 20000;        // requests/s per token; 0 = none
  std::string tls_cert, tls_key;    // both or neither
  int threads = 32;                 // request threads (each keep-alive connection holds one)
};

// Error(kUsage) naming both files unless they are a certificate and its
// key in PEM: what the server would find only once made, after the load.
void CheckTlsFiles(const std::string& cert, const std::string& key);

class HttpServer {
 public:
  HttpServer(LiveService& service, HttpOptions options);
  ~HttpServer();

  // Binds the address; returns the port (the one chosen, for port 0).
  int Bind();
  // Serves until Stop(); in-flight requests finish first.
  void Serve();
  // From any thread (the signal watcher).
  void Stop();

 private:
  // Every route: what it needs, the label its metrics carry, its handler.
  struct RouteSpec {
    std::string method;
    std::string pattern;  // a regular expression when it has a group
    std::string label;
    unsigned scope = 0;  // Scope bits; 0 = public
    std::function<void(const httplib::Request&, httplib::Response&)> handler;
  };
  void Register();
  const RouteSpec* FindRoute(const std::string& method, const std::string& path) const;

  LiveService& service_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<ListeningSocket> listening_;  // its options set, its backlog raised once bound
  std::unique_ptr<RequestGuard> guard_;
  std::vector<RouteSpec> routes_;
  std::vector<std::regex> patterns_;  // routes_[i].pattern, compiled
};

}  // namespace acctseg::server
