#include "server/connection_stream.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace acctseg::server {
namespace {

using Clock = std::chrono::steady_clock;

// A recv takes up to kReadBuffer bytes (httplib reads a body 4 KiB at a
// time, its headers a byte at a time). An answer's headers and a body of
// up to kWriteBuffer go out together; a larger body is sent at once, behind
// what is buffered, in one sendmsg.
constexpr size_t kReadBuffer = 16 * 1024;
constexpr size_t kWriteBuffer = 64 * 1024;

timeval ToTimeval(std::chrono::microseconds d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(d.count() % 1000000);
  return tv;
}

// What httplib reports for an address: numeric host and port.
void NumericAddress(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof(host), nullptr,
                  0, NI_NUMERICHOST) != 0)
    return;
  ip = host;
  if (address.ss_family == AF_INET)
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  else if (address.ss_family == AF_INET6)
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
}

}  // namespace

ConnectionStream::ConnectionStream(int socket, std::chrono::microseconds read_timeout,
                                   std::chrono::microseconds write_timeout)
    : socket_(socket), read_timeout_(read_timeout), in_(kReadBuffer) {
  timeval slice = ToTimeval(kPollSlice);
  setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &slice, sizeof(slice));
  timeval send_limit = ToTimeval(write_timeout);
  setsockopt(socket_, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof(send_limit));
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getpeername(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    NumericAddress(address, length, remote_ip_, remote_port_);
  length = sizeof(address);
  if (getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    NumericAddress(address, length, local_ip_, local_port_);
}

bool ConnectionStream::AwaitRequest(std::chrono::microseconds timeout,
                                    const std::function<bool()>& stopping) {
  if (in_begin_ < in_end_) return true;  // pipelined: the next request is here
  if (!Flush()) return false;
  return Fill(timeout, stopping) > 0;
}

ssize_t ConnectionStream::Fill(std::chrono::microseconds timeout,
                               const std::function<bool()>& stopping) {
  in_begin_ = in_end_ = 0;
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    ssize_t n = recv(socket_, in_.data(), in_.size(), 0);
    if (n >= 0) {
      in_end_ = static_cast<size_t>(n);
      return n;
    }
    if (errno == EINTR) continue;
    // The receive timeout (one slice) ran out with nothing to read.
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (Clock::now() >= deadline || (stopping && stopping())) return -1;
  }
}

bool ConnectionStream::Flush() {
  if (failed_) return false;
  if (out_.empty()) return true;
  bool sent = SendAll(out_.data(), out_.size(), nullptr, 0);
  out_.clear();
  return sent;
}

bool ConnectionStream::SendAll(const char* head, size_t head_size, const char* tail,
                               size_t tail_size) {
  iovec parts[2] = {{const_cast<char*>(head), head_size}, {const_cast<char*>(tail), tail_size}};
  iovec* next = parts;
  size_t count = 2;
  while (count > 0) {
    if (next->iov_len == 0) {
      ++next;
      --count;
      continue;
    }
    msghdr message{};
    message.msg_iov = next;
    message.msg_iovlen = count;
    ssize_t n = sendmsg(socket_, &message, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      failed_ = true;  // the send timeout ran out, or the peer is gone
      return false;
    }
    auto sent = static_cast<size_t>(n);
    while (count > 0 && sent >= next->iov_len) {
      sent -= next->iov_len;
      ++next;
      --count;
    }
    if (count > 0) {
      next->iov_base = static_cast<char*>(next->iov_base) + sent;
      next->iov_len -= sent;
    }
  }
  return true;
}

bool ConnectionStream::is_readable() const {
  if (in_begin_ < in_end_) return true;
  pollfd waiting{socket_, POLLIN, 0};
  return poll(&waiting, 1, static_cast<int>(read_timeout_.count() / 1000)) > 0;
}

bool ConnectionStream::is_writable() const { return !failed_; }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (in_begin_ == in_end_) {
    // The next bytes must come from the peer, which may be waiting for what
    // is written so far (an interim "100 Continue").
    if (!Flush()) return -1;
    std::chrono::microseconds timeout = read_timeout_;
    if (deadline_ != Clock::time_point::max()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::microseconds>(deadline_ - Clock::now());
      if (left.count() <= 0) return -1;
      timeout = std::min(timeout, left);
    }
    ssize_t received = Fill(timeout, nullptr);
    if (received <= 0) return received;  // 0: the peer closed
  }
  size_t n = std::min(size, in_end_ - in_begin_);
  std::memcpy(ptr, in_.data() + in_begin_, n);
  in_begin_ += n;
  consumed_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (failed_) return -1;
  if (out_.size() + size <= kWriteBuffer) {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  bool sent = SendAll(out_.data(), out_.size(), ptr, size);
  out_.clear();
  return sent ? static_cast<ssize_t>(size) : -1;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

int ConnectionStream::socket() const { return socket_; }

}  // namespace acctseg::server
