// How acctseg's HTTP server sets up its listening socket, where
// cpp-httplib's defaults do not serve it:
//
// - The address is its own. httplib sets SO_REUSEPORT, so a second
//   `acctseg serve` on the same address bound it too, silently, and the
//   kernel shared the connections between the two servers: each client's
//   events went to either one's log. SO_REUSEADDR alone still lets a
//   server restart at once while its old connections sit in TIME_WAIT.
// - The backlog is the system's largest (SOMAXCONN), not httplib's 5
//   (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's library where no
//   define of ours reaches it). When more clients connect at once than
//   the accept loop takes in time (16 load-generator connections at a
//   start, clients reconnecting after a restart), the kernel dropped the
//   SYNs past 5 (`nstat` TcpExtListenDrops) and each such client retried
//   only after TCP's initial 1 s timeout: its first request waited ~850 ms
//   (bench/README.md, "Live server"). Linux lets listen() on a listening
//   socket change its backlog, so the socket is listened on again once
//   bound.
#pragma once

#include <httplib.h>

#include <memory>

#include "common/error.h"
#include "server/listen_address.h"

namespace acctseg::server {

// Error(kIo): the address cannot be listened on.
Error CannotListen(const ListenAddress& at);

// Error(kIo) CannotListen if `at`, a fixed port, is taken (or not an
// address of this machine): checked before the universe loads, seconds at
// a million accounts, so that a second server on a taken address says so
// at once. Only a check: the bind that serves decides. Port 0 passes.
void CheckAddressFree(const ListenAddress& at);

class ListeningSocket {
 public:
  // Sets the options of the socket `server` binds next (httplib's socket
  // options hook) and notes it; call before binding.
  explicit ListeningSocket(httplib::Server& server);
  // Once bound: the noted socket's backlog raised. Error(kIo) if it fails.
  void WidenBacklog() const;

 private:
  std::shared_ptr<socket_t> socket_;
};

}  // namespace acctseg::server
