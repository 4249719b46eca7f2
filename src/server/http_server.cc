#include "server/http_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>
#include <regex>

#include "common/ascii_case.h"
#include "common/error.h"
#include "common/quoted_value.h"
#include "server/dashboard_assets.h"
#include "server/keep_alive_server.h"
#include "server/lifo_thread_pool.h"
#include "server/listening_socket.h"
#include "server/live_service.h"
#include "server/request_guard.h"
#include "server/scopes.h"

namespace acctseg {
extern const std::string_view kOpenApiJson;  // src/server/openapi.json, built in
}

namespace acctseg::server {
namespace {

using httplib::Request;
using nlohmann::ordered_json;

// What the logger needs of a request: the pre-routing handler and the
// logger run on the request's thread, one request at a time.
struct RequestClock {
  std::chrono::steady_clock::time_point start;
  std::string label = "other";
};
thread_local RequestClock request_clock;

// Answers are JSON whatever bytes a client sent: a message that quotes
// invalid UTF-8 (a malformed body's "last read") gets U+FFFD in its place,
// where dump() threw and the client got a bare 500.
std::string Dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string ErrorBody(const std::string& message) { return Dump(ordered_json{{"error", message}}); }

void ReplyJson(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_content(Dump(body), "application/json");
}

// How a request's body is framed, refused before it is read: only a body
// with one Content-Length, of at most `max_body` bytes, is taken. A chunked
// body was read whatever its size (httplib checks the limit only against
// Content-Length), an oversized Content-Length was answered only after the
// body's bytes were waited for, and a request whose framing is ambiguous
// (two lengths, a length and an encoding) is the stuff of request
// smuggling behind a proxy. The connection is closed after each of these
// (KeepAliveServer::FinishBody).
std::optional<Refusal> FramingRefusal(const httplib::Request& req, size_t max_body) {
  if (req.has_header("Transfer-Encoding"))
    return Refusal{411,
                   "send the body with a Content-Length: chunked and other transfer "
                   "encodings are not accepted"};
  if (req.get_header_value_count("Content-Length") > 1)
    return Refusal{400, "Content-Length is given more than once"};
  if (!req.has_header("Content-Length")) return std::nullopt;
  const std::string length = req.get_header_value("Content-Length");
  uint64_t bytes = 0;
  const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), bytes);
  if (error != std::errc() || end != length.data() + length.size())
    return Refusal{400, fmt::format("Content-Length \"{}\" is not a number of bytes", length)};
  if (bytes > max_body)
    return Refusal{413, fmt::format("request body over {} bytes (--max-body)", max_body)};
  return std::nullopt;
}

// A request of a method that may carry a body, with neither a length nor a
// transfer encoding: its body is empty (RFC 9112 6.3), but httplib reads
// one until the client closes the connection, so the request stalled for
// the read timeout and then got a 400.
bool BodyWithoutLength(const httplib::Request& req) {
  const bool may_have_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                             req.method == "DELETE";
  return may_have_body && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding");
}

void ReplyError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(ErrorBody(message), "application/json");
}

// A framing refusal's answer: the connection is closed after it
// (KeepAliveServer::FinishBody), and the answer says so.
void ReplyFramingRefusal(httplib::Response& res, const Refusal& refusal) {
  ReplyError(res, refusal.status, refusal.error);
  res.set_header("Connection", "close");
}

// A guard's refusal (401, 403, 429) as an answer: a 401 names the scheme it
// wants, a 429 when to come back.
void ReplyGuardRefusal(httplib::Response& res, const Refusal& refusal) {
  if (refusal.status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (refusal.status == 429)
    res.set_header("Retry-After", std::to_string(std::max(1, refusal.retry_after_s)));
  ReplyError(res, refusal.status, refusal.error);
}

// A body of nothing but white space: said as empty, not as JSON that ends
// at its first byte.
bool IsBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

int StatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInput:
    case ErrorKind::kUsage:
      return 400;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kIo:
    case ErrorKind::kStore:
      return 503;
    default:
      return 500;
  }
}

// A handler that answers the JSON `answer` gives, or the error it throws.
template <typename Answer>
httplib::Server::Handler Json(Answer answer) {
  return [answer](const Request& req, httplib::Response& res) {
    try {
      ReplyJson(res, 200, answer(req));
    } catch (const LoggedEventError& e) {
      ReplyJson(res, e.kind() == ErrorKind::kInput ? 400 : 500,
                ordered_json{{"event_id", e.event_id()}, {"error", e.what()}});
    } catch (const Error& e) {
      ReplyError(res, StatusOf(e.kind()), e.what());
    } catch (const std::exception& e) {
      ReplyError(res, 500, fmt::format("internal error: {}", e.what()));
    }
  };
}

// ?limit=N for the recent lists: 1..1000 (the most they keep), default 50;
// anything else is a 400, as the OpenAPI document says, not a silent cap.
size_t LimitOf(const httplib::Request& req) {
  constexpr size_t kMostKept = 1000;
  if (!req.has_param("limit")) return 50;
  const std::string text = req.get_param_value("limit");
  size_t limit = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || limit == 0 ||
      limit > kMostKept)
    throw Error(ErrorKind::kInput,
                fmt::format("limit: expected an integer from 1 to {}, got {}", kMostKept,
                            QuotedValue(text)));  // escaped: a NUL cut the message off at "2"
  return limit;
}

bool IsJsonLines(const httplib::Request& req) {
  // Media types are case-insensitive (RFC 9110 8.3.1).
  // The type is what comes before any parameter (";charset=utf-8"): as a
  // prefix, "application/x-ndjson-foo" was taken for JSON Lines.
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  type = AsciiLower(type);
  return type == "application/x-ndjson" || type == "application/jsonl";
}

// Whether `text` looks like JSON Lines: a first line that is a JSON object
// on its own, and more after it (a pretty-printed event with a typo does
// not).
bool LooksLikeJsonLines(std::string_view text) {
  const size_t end = text.find('\n');
  if (end == std::string_view::npos ||
      text.find_first_not_of(" \t\r\n", end) == std::string_view::npos)
    return false;
  const std::string_view first = text.substr(0, end);
  const size_t start = first.find_first_not_of(" \t\r");
  return start != std::string_view::npos && first[start] == '{' && nlohmann::json::accept(first);
}

// POST /v1/route: one lead.
ordered_json PostRoute(LiveService& service, const httplib::Request& req) {
  if (IsBlank(req.body))
    throw Error(ErrorKind::kInput,
                "body: empty: send a lead as a JSON object (curl -d '{\"email\": ...}')");
  return service.RouteLead(req.body);
}

// POST /v1/events: one event, or a batch when the body is JSON Lines. A
// batch sent without its type fails as one malformed event, at its second
// line: the error then says how a batch is sent.
ordered_json PostEvents(LiveService& service, const httplib::Request& req) {
  if (IsBlank(req.body))
    throw Error(ErrorKind::kInput,
                "body: empty: send an event as a JSON object (curl -d '{\"account_id\": ...}'), "
                "or a batch as JSON Lines");
  if (IsJsonLines(req)) return service.PostBatch(req.body);
  try {
    return service.PostEvent(req.body);
  } catch (const Error& e) {
    if (!LooksLikeJsonLines(req.body) ||
        std::string_view(e.what()).find("malformed JSON") == std::string_view::npos)
      throw;
    throw Error(e.kind(), std::string(e.what()) +
                              " (a batch of events, one JSON object a line, is sent with "
                              "Content-Type: application/x-ndjson)");
  }
}

}  // namespace

namespace {

std::unique_ptr<httplib::Server> TlsServer(const std::string& cert, const std::string& key) {
  auto server = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
  if (!server->is_valid())
    throw Error(ErrorKind::kUsage,
                fmt::format("--tls-cert {} / --tls-key {}: cannot load the certificate and key "
                            "(PEM files)",
                            cert, key));
  return server;
}

}  // namespace

void CheckTlsFiles(const std::string& cert, const std::string& key) { TlsServer(cert, key); }

HttpServer::HttpServer(LiveService& service, HttpOptions options)
    : service_(service), options_(std::move(options)) {
  if (options_.tls_cert.empty() != options_.tls_key.empty())
    throw Error(ErrorKind::kUsage, "--tls-cert and --tls-key go together");
  if (!options_.tls_cert.empty()) {
    http_ = TlsServer(options_.tls_cert, options_.tls_key);
  } else {
    http_ = std::make_unique<KeepAliveServer>();
  }
  listening_ = std::make_unique<ListeningSocket>(*http_);
  guard_ = std::make_unique<RequestGuard>(std::move(options_.tokens), options_.rate_limit);
  Register();
}

HttpServer::~HttpServer() = default;

const HttpServer::RouteSpec* HttpServer::FindRoute(const std::string& method,
                                                   const std::string& path) const {
  const std::string head_as_get = method == "HEAD" ? "GET" : method;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const RouteSpec& route = routes_[i];
    if (route.method != head_as_get) continue;
    bool parametric = route.pattern.find('(') != std::string::npos;
    if (parametric ? std::regex_match(path, patterns_[i]) : path == route.pattern) return &route;
  }
  return nullptr;
}

int HttpServer::Bind() {
  const ListenAddress& at = options_.listen;
  int port = at.port;
  if (port == 0) {
    port = http_->bind_to_any_port(at.host);
    if (port < 0) port = 0;
  } else if (!http_->bind_to_port(at.host, port)) {
    port = 0;
  }
  if (port == 0) throw CannotListen(at);
  listening_->WidenBacklog();
  return port;
}

void HttpServer::Serve() { http_->listen_after_bind(); }

void HttpServer::Stop() { http_->stop(); }

void HttpServer::Register() {
  httplib::Server& http = *http_;
  const int threads = std::max(1, options_.threads);
  http.new_task_queue = [threads] { return new LifoThreadPool(threads); };
  http.set_payload_max_length(options_.max_body);
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(3);
  // httplib writes a response's headers and body separately: with Nagle's
  // algorithm the body waits for the client's delayed ACK of the headers,
  // ~40 ms on a keep-alive connection, which capped a connection at ~20
  // requests a second whatever the work (bench/README.md, "Live server").
  http.set_tcp_nodelay(true);
  // "Expect: 100-continue" for a body that will be refused gets the refusal
  // instead of the go-ahead: the token's first, as in the pre-routing
  // handler below (without one a client learned --max-body from a 413).
  http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    // httplib writes this answer without the length it gives the others.
    const auto refused = [&res](int status) {
      res.set_header("Content-Length", std::to_string(res.body.size()));
      return status;
    };
    if (const RouteSpec* route = FindRoute(req.method, req.path))
      if (std::optional<Refusal> refusal =
              guard_->CheckToken(route->scope, req.get_header_value("Authorization"),
                                 req.get_header_value_count("Authorization"))) {
        ReplyGuardRefusal(res, *refusal);
        return refused(refusal->status);
      }
    if (std::optional<Refusal> framing = FramingRefusal(req, options_.max_body)) {
      ReplyFramingRefusal(res, *framing);
      return refused(framing->status);
    }
    return 100;
  });

  // Before the body is read: a refused request costs no more than its headers.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_clock.start = std::chrono::steady_clock::now();
    const RouteSpec* route = FindRoute(req.method, req.path);
    request_clock.label = route ? route->label : "other";
    const std::optional<Refusal> framing = FramingRefusal(req, options_.max_body);
    if (!route) {
      if (framing) {
        ReplyFramingRefusal(res, *framing);
        return httplib::Server::HandlerResponse::Handled;
      }
      // A path served for other methods: 405 with what it takes (RFC 9110
      // 15.5.6), not "no route".
      std::string allowed;
      for (const char* method : {"GET", "POST"})
        if (const RouteSpec* other = method != req.method ? FindRoute(method, req.path) : nullptr) {
          allowed += std::string(allowed.empty() ? "" : ", ") + method;
          request_clock.label = other->label;  // counted under its path, not "other"
        }
      if (allowed.empty()) {
        if (!BodyWithoutLength(req)) return httplib::Server::HandlerResponse::Unhandled;
        // httplib would wait for the connection to close first.
        ReplyError(res, 404, fmt::format("no route {} {}", req.method, req.path));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (allowed == "GET") allowed += ", HEAD";
      res.set_header("Allow", allowed);
      ReplyError(res, 405, fmt::format("{} takes {}, not {}", req.path, allowed, req.method));
      return httplib::Server::HandlerResponse::Handled;
    }
    // The token before the framing: a request without one learns nothing,
    // not even --max-body, and gets its 401 (the body left unread closes
    // the connection: KeepAliveServer::FinishBody).
    std::optional<Refusal> refusal =
        guard_->Check(route->scope, req.get_header_value("Authorization"),
                      req.get_header_value_count("Authorization"));
    if (!refusal && framing) {
      ReplyFramingRefusal(res, *framing);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!refusal && BodyWithoutLength(req)) {
      route->handler(req, res);  // its body is empty
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
    ReplyGuardRefusal(res, *refusal);
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's own refusals (no route, a body over the limit) get JSON bodies too.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        // After these httplib closes the connection (it cannot know where
        // the next request starts); said so, or a pooling client reuses it.
        if (res.status == 400 || res.status == 414) res.set_header("Connection", "close");
        if (res.status == 413)
          ReplyError(res, 413,
                     fmt::format("request body over {} bytes (--max-body)", options_.max_body));
        else if (res.status == 404)
          ReplyError(res, 404, fmt::format("no route {} {}", req.method, req.path));
        else if (res.status == 414)
          ReplyError(res, 414, "request line over 8,192 bytes (httplib's limit)");
        else
          // httplib says no more than the status: the request line or a
          // header it could not parse.
          ReplyError(res, res.status,
                     res.status == 400 ? std::string("malformed HTTP request (its request line, "
                                                     "a header or its body's framing)")
                                       : fmt::format("HTTP {}", res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_logger([this](const httplib::Request&, const httplib::Response& res) {
    // A request httplib refused before routing (malformed, a line too
    // long) never set the clock: it was counted under the thread's previous
    // route and timed from that request (or from the epoch). Now it is
    // "other", timed as nothing, and the clock is unset for the next.
    const auto now = std::chrono::steady_clock::now();
    const bool timed = request_clock.start != std::chrono::steady_clock::time_point{};
    std::chrono::duration<double> took = timed ? now - request_clock.start : now - now;
    service_.metrics().Request(timed ? request_clock.label : "other", res.status, took.count());
    request_clock = RequestClock{};
  });

  auto dashboard = [](const httplib::Request& req, httplib::Response& res) {
    std::optional<DashboardAsset> asset = FindDashboardAsset(req.path);
    if (!asset) return ReplyError(res, 404, fmt::format("no file {}", req.path));
    res.set_content(std::string(asset->content), std::string(asset->content_type));
  };
  routes_ = {
      // 503 while degraded (the log cannot commit: every write fails), so
      // that a load balancer's or an orchestrator's check sees it; the body
      // says why either way.
      {"GET", "/healthz", "/healthz", 0,
       [this](const Request&, httplib::Response& res) {
         const ordered_json health = service_.Health();
         ReplyJson(res, health["status"] == "ok" ? 200 : 503, health);
       }},
      {"GET", "/openapi.json", "/openapi.json", 0,
       [](const Request&, httplib::Response& res) {
         res.set_content(std::string(kOpenApiJson), "application/json");
       }},
      {"GET", "/", "/", 0, dashboard},
      {"GET", "/assets/(.+)", "/assets/{file}", 0, dashboard},
      {"GET", "/metrics", "/metrics", kScopeRead,
       [this](const Request&, httplib::Response& res) {
         res.set_content(service_.MetricsText(), "text/plain; version=0.0.4");
       }},
      // Everything after the prefix, "/" included: an id created with a
      // slash ("x/y", sent as x%2Fy) must be readable.
      {"GET", "/v1/accounts/(.+)", "/v1/accounts/{id}", kScopeRead,
       Json([this](const Request& req) { return service_.Account(req.matches[1].str()); })},
      {"GET", "/v1/summary", "/v1/summary", kScopeRead,
       Json([this](const Request&) { return service_.Summary(); })},
      {"GET", "/v1/changes", "/v1/changes", kScopeRead,
       Json([this](const Request& req) { return service_.Changes(LimitOf(req)); })},
      {"GET", "/v1/routes", "/v1/routes", kScopeRead,
       Json([this](const Request& req) { return service_.Routes(LimitOf(req)); })},
      {"GET", "/v1/stats", "/v1/stats", kScopeRead,
       Json([this](const Request&) { return service_.Stats(); })},
      {"POST", "/v1/events", "/v1/events", kScopeWrite,
       Json([this](const Request& req) { return PostEvents(service_, req); })},
      {"POST", "/v1/route", "/v1/route", kScopeWrite,
       Json([this](const Request& req) { return PostRoute(service_, req); })},
      {"POST", "/v1/snapshot", "/v1/snapshot", kScopeAdmin,
       Json([this](const Request&) { return service_.Snapshot(); })},
  };
  for (const RouteSpec& route : routes_) {
    patterns_.emplace_back(route.pattern);
    if (route.method == "GET")
      http.Get(route.pattern, route.handler);
    else
      // The body read here rather than by httplib, which answers a
      // form-encoded body (curl -d's Content-Type) over 8 KiB with a 413
      // whatever --max-body says. The reader keeps the length limit.
      http.Post(route.pattern,
                [handler = route.handler](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& content) {
                  httplib::Request with_body = req;
                  content([&](const char* data, size_t length) {
                    with_body.body.append(data, length);
                    return true;
                  });
                  handler(with_body, res);
                });
  }
}

}  // namespace acctseg::server
