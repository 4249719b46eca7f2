// Where the server listens (--listen HOST:PORT). Port 0 asks the system
// for a free port (tests); the server prints the one it got.
#pragma once

#include <string>

namespace acctseg::server {

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;
};

// "127.0.0.1:8080", "localhost:0", "[::1]:8080", "0.0.0.0:8080".
// Error(kUsage) naming the flag for anything else.
ListenAddress ParseListenAddress(const std::string& text);
// 127.0.0.0/8, ::1 and "localhost": reachable only from this machine.
bool IsLoopback(const std::string& host);

}  // namespace acctseg::server
