// cpp-httplib's plain-HTTP server with its connection loop replaced: each
// keep-alive connection reads and writes through one ConnectionStream (one
// recv and one send for a small request and its answer), and a connection
// waiting for its next request notices a stopping server within
// ConnectionStream::kPollSlice, where httplib's loop polled every 10 ms and
// slept 1 ms between polls until its keep-alive timeout. Requests are
// parsed, routed and answered by httplib as before. A request answered
// before its body was read (the guard's refusals) has the body skipped, up
// to the largest body allowed, else the connection closes; a malformed
// request closes it: httplib's loop dropped whatever its stream had
// buffered, and read an unread body that had not yet arrived as the next
// request.
//
// TLS keeps httplib's SSLServer: its stream is OpenSSL's.
#pragma once

#include <httplib.h>

#include <chrono>

namespace acctseg::server {

class ConnectionStream;
struct BodyExtent;

class KeepAliveServer final : public httplib::Server {
 public:
  // How long a request's headers may take to arrive from its first byte,
  // and its body from the end of its headers (ConnectionStream::SetReadDeadline).
  static constexpr std::chrono::seconds kHeadersTime{10};
  static constexpr std::chrono::seconds kBodyTime{30};
  // A connection closed with a refused body still arriving is first read
  // and dropped for at most this long (a "lingering close").
  static constexpr std::chrono::seconds kLinger{2};

 private:
  bool process_and_close_socket(socket_t socket) override;
  // After the answer: true if the request's unread body (if any) was skipped
  // and the connection can carry the next request.
  bool FinishBody(ConnectionStream& stream, const BodyExtent& body) const;
};

}  // namespace acctseg::server
