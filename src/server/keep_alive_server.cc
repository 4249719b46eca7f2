#include "server/keep_alive_server.h"

#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>

#include "server/connection_stream.h"

namespace acctseg::server {

// Where a request's body starts on its connection and how it ends, as its
// headers say; httplib reads the headers a byte at a time, so the stream's
// count when they are parsed is the body's first byte.
struct BodyExtent {
  enum class Kind { kNone, kLength, kChunked, kUnknown };
  bool headers_parsed = false;
  uint64_t begins_at = 0;
  Kind kind = Kind::kNone;
  uint64_t length = 0;  // kLength
};

namespace {

std::chrono::microseconds Duration(time_t seconds, time_t microseconds) {
  return std::chrono::seconds(seconds) + std::chrono::microseconds(microseconds);
}

BodyExtent ExtentOf(const httplib::Request& req, uint64_t begins_at) {
  using Kind = BodyExtent::Kind;
  BodyExtent body{true, begins_at, Kind::kNone, 0};
  if (req.get_header_value_count("Content-Length") > 1) {
    body.kind = Kind::kUnknown;  // ambiguous: refused, and the connection closed
  } else if (req.has_header("Transfer-Encoding")) {
    // As httplib: chunked only when the header says exactly that.
    const std::string encoding = req.get_header_value("Transfer-Encoding");
    body.kind = strcasecmp(encoding.c_str(), "chunked") == 0 ? Kind::kChunked : Kind::kUnknown;
  } else if (req.has_header("Content-Length")) {
    const std::string length = req.get_header_value("Content-Length");
    const char* end = length.data() + length.size();
    auto [stop, error] = std::from_chars(length.data(), end, body.length);
    body.kind = error == std::errc() && stop == end ? Kind::kLength : Kind::kUnknown;
  }
  return body;
}

// Closing a connection with unread bytes makes the kernel reset it, and a
// client still sending a body the server refused (over --max-body, without
// "Expect: 100-continue") lost the refusal it had not read yet: it saw a
// broken pipe, not the 413. So the server stops writing, then reads and
// drops what still comes, until the client closes, for a bounded time and
// number of bytes.
void LingerBeforeClose(socket_t socket, ConnectionStream& stream) {
  constexpr uint64_t kMostBytes = uint64_t{64} << 20;
  ::shutdown(socket, SHUT_WR);
  stream.SetReadDeadline(std::chrono::steady_clock::now() + KeepAliveServer::kLinger);
  char scratch[16 * 1024];
  for (uint64_t drained = 0; drained < kMostBytes;) {
    const ssize_t got = stream.read(scratch, sizeof scratch);
    if (got <= 0) return;
    drained += static_cast<uint64_t>(got);
  }
}

}  // namespace

bool KeepAliveServer::FinishBody(ConnectionStream& stream, const BodyExtent& body) const {
  using Kind = BodyExtent::Kind;
  // Malformed, or a body whose end is unknown: where the next request
  // starts is unknown.
  if (!body.headers_parsed || body.kind == Kind::kUnknown) return false;
  if (body.kind == Kind::kNone) return true;
  // Chunked bodies are refused before they are read (http_server.cc,
  // FramingRefusal), and a malformed one read by httplib may have left
  // bytes of itself that would parse as a next request: close.
  if (body.kind == Kind::kChunked) return false;
  uint64_t end = body.begins_at + body.length;
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
  const std::function<bool()> stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
  bool served = false;
  // As httplib's loop: at most keep_alive_max_count_ requests, the last
  // answered with "Connection: close".
  for (size_t left = keep_alive_max_count_; left > 0 && !stopping(); --left) {
    if (!stream.AwaitRequest(std::chrono::seconds(keep_alive_timeout_sec_), stopping)) break;
    // A request's headers, then its body, must arrive in bounded time.
    stream.SetReadDeadline(std::chrono::steady_clock::now() + kHeadersTime);
    bool client_closes = false;
    BodyExtent body;
    served = process_request(stream, left == 1, client_closes, [&](httplib::Request& req) {
      body = ExtentOf(req, stream.consumed());
      stream.SetReadDeadline(std::chrono::steady_clock::now() + kBodyTime);
    });
    served = stream.Flush() && served;
    if (!served || client_closes) break;
    // A request answered without its body being read (refused before it,
    // as the guard does) leaves the body on the connection: it is skipped,
    // or the connection closed, never read as the next request.
    // (Under the body's deadline too: a refused request's body trickled in
    // would otherwise hold the thread as the headers no longer can.)
    if (!FinishBody(stream, body)) {
      if (served) LingerBeforeClose(socket, stream);
      break;
    }
    stream.SetReadDeadline(std::chrono::steady_clock::time_point::max());
  }
  shutdown(socket, SHUT_RDWR);
  close(socket);
  return served;
}

}  // namespace acctseg::server
