#include "server/listening_socket.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/error.h"
#include "server/loopback_test_address.h"

namespace acctseg::server {
namespace {

// Starts a non-blocking connect to 127.0.0.1:port.
int StartConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const sockaddr_in address = testing::Loopback(port);
  ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  return fd;
}

// How many of `fds` finish connecting by `deadline` (a loopback handshake
// takes microseconds; one whose SYN was dropped waits a second or more).
size_t Connected(const std::vector<int>& fds, std::chrono::steady_clock::time_point deadline) {
  size_t connected = 0;
  for (int fd : fds) {
    pollfd p{fd, POLLOUT, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) != 1) continue;
    int error = 0;
    socklen_t size = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error == 0) ++connected;
  }
  return connected;
}

TEST(ListeningSocket, ManyConnectionsAtOnceAllGetInBeforeAnyIsAccepted) {
  // Bound but never serving: nothing accepts, so every connection that
  // completes waits in the backlog. httplib's own backlog of 5 let about
  // six in; the others' SYNs were dropped.
  httplib::Server server;
  ListeningSocket listening(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  listening.WidenBacklog();
  constexpr size_t kConnections = 64;
  std::vector<int> fds;
  for (size_t i = 0; i < kConnections; ++i) fds.push_back(StartConnect(port));
  EXPECT_EQ(Connected(fds, std::chrono::steady_clock::now() + std::chrono::seconds(10)),
            kConnections);
  for (int fd : fds) ::close(fd);
}

TEST(ListeningSocket, ASecondServerCannotBindTheSameAddress) {
  // With httplib's SO_REUSEPORT both bound, and the kernel shared the
  // connections between them.
  httplib::Server first, second;
  ListeningSocket first_socket(first), second_socket(second);
  const int port = first.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  EXPECT_FALSE(second.bind_to_port("127.0.0.1", port));
}

TEST(ListeningSocket, CheckAddressFreeRefusesATakenAddressAndPassesAFreeOne) {
  // Another server's socket, listening on a port of the system's choice.
  const int taken = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = testing::Loopback(0);
  ASSERT_EQ(::bind(taken, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(taken, 1), 0);
  socklen_t size = sizeof address;
  ::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &size);
  const int port = ntohs(address.sin_port);
  try {
    CheckAddressFree({"127.0.0.1", port});
    FAIL() << "a taken address passed";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << e.what();
  }
  ::close(taken);
  EXPECT_NO_THROW(CheckAddressFree({"127.0.0.1", port}));
  EXPECT_NO_THROW(CheckAddressFree({"127.0.0.1", 0}));
}

TEST(ListeningSocket, WideningBeforeBindingIsAnError) {
  httplib::Server server;
  ListeningSocket listening(server);
  EXPECT_THROW(listening.WidenBacklog(), Error);
}

}  // namespace
}  // namespace acctseg::server
