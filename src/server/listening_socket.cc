#include "server/listening_socket.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/error.h"

namespace acctseg::server {

ListeningSocket::ListeningSocket(httplib::Server& server)
    : socket_(std::make_shared<socket_t>(INVALID_SOCKET)) {
  server.set_socket_options([socket = socket_](socket_t created) {
    int yes = 1;
    ::setsockopt(created, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
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
