#include "common/postgres_uri.h"

#include <cctype>
#include <string_view>

namespace acctseg {
namespace {

constexpr char kDefaultConnectTimeoutSeconds[] = "10";

bool Contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// Where the URI's parameters start in `rest` (after "scheme://"): the first
// '?' followed by a name and '=' ("?table=", "?sslmode="); npos if none. A
// bare first '?' is not enough: a password may hold one ("pa?ss@host").
size_t ParametersStart(const std::string& rest) {
  for (size_t q = rest.find('?'); q != std::string::npos; q = rest.find('?', q + 1)) {
    size_t name_end = q + 1;
    while (name_end < rest.size() &&
           (std::isalnum(static_cast<unsigned char>(rest[name_end])) || rest[name_end] == '_'))
      ++name_end;
    if (name_end > q + 1 && name_end < rest.size() && rest[name_end] == '=') return q;
  }
  return std::string::npos;
}

}  // namespace

// libpq says 'connection to server at "h" (ip), port p failed: FATAL:  why\n\thint\n...'
// (once per address tried). Keep the first "why": the address is said already.
std::string ConnectFailureReason(const std::string& message) {
  std::string reason = message.substr(0, message.find('\n'));
  constexpr std::string_view kFailed = "failed: ";
  if (size_t at = reason.find(kFailed); at != std::string::npos)
    reason.erase(0, at + kFailed.size());
  constexpr std::string_view kFatal = "FATAL:  ";
  if (reason.compare(0, kFatal.size(), kFatal) == 0) reason.erase(0, kFatal.size());
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back())))
    reason.pop_back();
  if (reason.empty()) return "unknown error";
  if (reason == "Connection refused")
    reason += " (is the server running and accepting TCP/IP connections?)";
  return reason;
}

std::string WithConnectTimeout(const std::string& uri) {
  if (Contains(uri, "connect_timeout=")) return uri;
  return uri + (Contains(uri, "?") ? "&" : "?") +
         "connect_timeout=" + kDefaultConnectTimeoutSeconds;
}

std::string DescribeConnectFailure(const std::string& message, const PostgresTarget& target,
                                   const std::string& uri_role) {
  if (Contains(message, "authentication failed") || Contains(message, "no password supplied") ||
      Contains(message, "password is required"))
    return "authentication failed for user \"" + target.user +
           "\" (check the user and password in the " + uri_role + ")";
  return ConnectFailureReason(message);
}

PostgresTarget DescribePostgresUri(const std::string& uri) {
  PostgresTarget target;
  size_t scheme_end = uri.find("://");
  std::string scheme = scheme_end == std::string::npos ? "postgresql" : uri.substr(0, scheme_end);
  std::string rest = scheme_end == std::string::npos ? uri : uri.substr(scheme_end + 3);
  std::string query;
  if (size_t q = ParametersStart(rest); q != std::string::npos)
    query = rest.substr(q + 1), rest.resize(q);
  // The user and password end at the last '@' before the parameters: a
  // password may hold '@', '/' or '?' (which it should percent-encode),
  // and none of it may reach a message.
  std::string uri_user;
  if (size_t at = rest.rfind('@'); at != std::string::npos) {
    const std::string userinfo = rest.substr(0, at);
    const size_t colon = userinfo.find(':');
    uri_user = userinfo.substr(0, colon);  // drop ":password"
    target.user = uri_user;
    if (colon != std::string::npos && userinfo.find_first_of("/?#", colon) != std::string::npos)
      target.unusable =
          "the password holds a raw '/', '?' or '#': percent-encode it (%2F, %3F, %23)";
    rest.erase(0, at + 1);
  }
  std::string hosts = rest.substr(0, rest.find('/'));
  std::string dbname = rest.size() > hosts.size() ? rest.substr(hosts.size() + 1) : "";
  // Query parameters may name the parts too; a password there is dropped.
  std::string kept_query, host_param, port_param;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    std::string key = pair.substr(0, pair.find('='));
    std::string value = pair.size() > key.size() ? pair.substr(key.size() + 1) : "";
    if (key == "user") target.user = value;
    if (key == "dbname") dbname = value;
    if (key == "host") host_param = value;
    if (key == "port") port_param = value;
    if (key != "password" && !pair.empty()) kept_query += (kept_query.empty() ? "" : "&") + pair;
    start = end + 1;
  }
  target.location = scheme + "://" + (uri_user.empty() ? "" : uri_user + "@") + hosts + "/" +
                    dbname + (kept_query.empty() ? "" : "?" + kept_query);
  std::string address = !host_param.empty() ? host_param : hosts.empty() ? "localhost" : hosts;
  bool has_port = address.find(':') != std::string::npos && address.back() != ']';
  if (!port_param.empty())
    address += ":" + port_param;
  else if (!has_port)
    address += ":5432";
  target.address =
      address + "/" + (dbname.empty() ? (target.user.empty() ? "postgres" : target.user) : dbname);
  return target;
}

}  // namespace acctseg
