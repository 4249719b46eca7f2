// The listening socket's backlog raised from cpp-httplib's 5 to the
// system's largest (SOMAXCONN).
//
// Why: httplib listens with CPPHTTPLIB_LISTEN_BACKLOG, 5, compiled into
// Debian's library where no define of ours reaches it. When more clients
// connect at once than the accept loop takes in time (16 load-generator
// connections at a start, clients reconnecting after a restart), the
// kernel drops the SYNs past the backlog (`nstat` TcpExtListenDrops) and
// each such client retries only after TCP's initial 1 s timeout: its first
// request waited ~850 ms (bench/README.md, "Live server"). Linux lets
// listen() on a listening socket change its backlog, so the socket httplib
// creates is noted as it is set up and listened on again once bound.
#pragma once

#include <httplib.h>

#include <memory>

namespace acctseg::server {

class ListenBacklog {
 public:
  // Notes the socket `server` binds next (httplib's socket options hook,
  // which keeps httplib's default options); call before binding.
  explicit ListenBacklog(httplib::Server& server);
  // Once bound: the noted socket's backlog raised. Error(kIo) if it fails.
  void Widen() const;

 private:
  std::shared_ptr<socket_t> socket_;
};

}  // namespace acctseg::server
