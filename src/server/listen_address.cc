#include "server/listen_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "common/error.h"

namespace acctseg::server {

ListenAddress ParseListenAddress(const std::string& text) {
  auto bad = [&](const char* why) {
    return Error(
        ErrorKind::kUsage,
        fmt::format("--listen {}: {} (expected HOST:PORT, e.g. 127.0.0.1:8080)", text, why));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) throw bad("no port");
  ListenAddress address;
  address.host = text.substr(0, colon);
  if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']')
    address.host = address.host.substr(1, address.host.size() - 2);
  if (address.host.empty()) throw bad("no host");
  if (address.host.find("://") != std::string::npos) throw bad("a host and a port, not a URL");
  // inet_aton (IsLoopback) stops at whitespace where the bind does not:
  // "127.0.0.1\nx" must not pass for loopback.
  for (unsigned char c : address.host)
    if (std::isspace(c) || std::iscntrl(c) || c == '/')
      throw bad("the host has a space, a control character or a '/' in it");
  const std::string port = text.substr(colon + 1);
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() ||
      address.port < 0 || address.port > 65535)
    throw bad("the port must be a number from 0 to 65535");
  return address;
}

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4;
  // inet_aton, not inet_pton: it reads what the bind's getaddrinfo reads
  // ("127.1" is 127.0.0.1).
  if (inet_aton(host.c_str(), &v4) != 0) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace acctseg::server
