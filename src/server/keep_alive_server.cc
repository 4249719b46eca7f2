#include "server/keep_alive_server.h"

#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include "server/connection_stream.h"

namespace acctseg::server {

// Where a request's body starts on its connection and how long it is, as
// its headers say; httplib reads the headers a byte at a time, so the
// stream's count when they are parsed is the body's first byte.
struct BodyExtent {
  bool headers_parsed = false;
  uint64_t begins_at = 0;
  std::optional<uint64_t> length;  // Content-Length; none: no body, or chunked
  bool chunked = false;
};

namespace {

std::chrono::microseconds Duration(time_t seconds, time_t microseconds) {
  return std::chrono::seconds(seconds) + std::chrono::microseconds(microseconds);
}

BodyExtent ExtentOf(const httplib::Request& req, uint64_t begins_at) {
  BodyExtent body{true, begins_at, std::nullopt, false};
  const std::string encoding = req.get_header_value("Transfer-Encoding");
  body.chunked = strcasecmp(encoding.c_str(), "chunked") == 0;
  const std::string length = req.get_header_value("Content-Length");
  uint64_t value = 0;
  if (!body.chunked && !length.empty() &&
      std::from_chars(length.data(), length.data() + length.size(), value).ec == std::errc())
    body.length = value;
  return body;
}

}  // namespace

bool KeepAliveServer::FinishBody(ConnectionStream& stream, const BodyExtent& body) const {
  if (!body.headers_parsed) return false;  // malformed: where the next request starts is unknown
  if (body.chunked)
    return stream.consumed() > body.begins_at;  // read to its last chunk, or not at all
  if (!body.length) return true;
  uint64_t end = body.begins_at + *body.length;
  if (stream.consumed() >= end) return true;
  if (end - stream.consumed() > payload_max_length_) return false;
  char scratch[16 * 1024];
  while (stream.consumed() < end) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(sizeof(scratch), end - stream.consumed()));
    if (stream.read(scratch, want) <= 0) return false;
  }
  return true;
}

bool KeepAliveServer::process_and_close_socket(socket_t socket) {
  ConnectionStream stream(socket, Duration(read_timeout_sec_, read_timeout_usec_),
                          Duration(write_timeout_sec_, write_timeout_usec_));
  auto stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
  bool served = false;
  // As httplib's loop: at most keep_alive_max_count_ requests, the last
  // answered with "Connection: close".
  for (size_t left = keep_alive_max_count_; left > 0 && !stopping(); --left) {
    if (!stream.AwaitRequest(std::chrono::seconds(keep_alive_timeout_sec_), stopping)) break;
    bool client_closes = false;
    BodyExtent body;
    served = process_request(stream, left == 1, client_closes, [&](httplib::Request& req) {
      body = ExtentOf(req, stream.consumed());
    });
    served = stream.Flush() && served;
    if (!served || client_closes) break;
    // A request answered without its body being read (refused before it,
    // as the guard does) leaves the body on the connection: it is skipped,
    // or the connection closed, never read as the next request.
    if (!FinishBody(stream, body)) break;
  }
  shutdown(socket, SHUT_RDWR);
  close(socket);
  return served;
}

}  // namespace acctseg::server
