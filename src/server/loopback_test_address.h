// 127.0.0.1:port as a socket address, for the server tests that open raw
// sockets (header only: src/server/*.cc is the library).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>

namespace acctseg::server::testing {

// 127.0.0.1:port (0: any free port, for bind).
inline sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  return address;
}

}  // namespace acctseg::server::testing
