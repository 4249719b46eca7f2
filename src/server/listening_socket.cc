#include "server/listening_socket.h"

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace acctseg::server {
namespace {

// The options of a listening socket (listening_socket.h): SO_REUSEADDR, not
// httplib's SO_REUSEPORT.
void SetOptions(int fd) {
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

Error CannotListen(const ListenAddress& at) {
  return Error(ErrorKind::kIo,
               fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                           at.host, at.port));
}

void CheckAddressFree(const ListenAddress& at) {
  if (at.port == 0) return;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  // A host that does not resolve is for the bind that serves to report.
  if (::getaddrinfo(at.host.c_str(), std::to_string(at.port).c_str(), &hints, &found) != 0) return;
  const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  bool bound = true;
  if (fd >= 0) {
    SetOptions(fd);  // as the serving socket is set up
    bound = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (!bound) throw CannotListen(at);
}

ListeningSocket::ListeningSocket(httplib::Server& server)
    : socket_(std::make_shared<socket_t>(INVALID_SOCKET)) {
  server.set_socket_options([socket = socket_](socket_t created) {
    SetOptions(created);
    *socket = created;  // the last one created is the one bound
  });
}

void ListeningSocket::WidenBacklog() const {
  if (*socket_ == INVALID_SOCKET) throw Error(ErrorKind::kIo, "listen: no socket was bound");
  if (::listen(*socket_, SOMAXCONN) != 0)
    throw Error(ErrorKind::kIo,
                std::string("listen: cannot raise the backlog: ") + std::strerror(errno));
}

}  // namespace acctseg::server
