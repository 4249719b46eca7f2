// One keep-alive connection's socket as cpp-httplib reads and writes it,
// with a buffer each way that lives as long as the connection.
//
// Why not httplib's SocketStream: it is made anew for every request, and a
// request cost ten system calls: a poll before every read and two before
// every write (writable? still connected?), the peer's and our own address
// asked of the kernel again, and the headers and the body sent as two
// packets, each waking the client. Here a small answer costs one recv and
// one send: reads go straight to recv (the socket's receive timeout bounds
// the wait), what is written collects until the answer is complete (or
// until the next read would wait, so an interim "100 Continue" is not held
// back), the addresses are asked once. bench/README.md, "One recv and
// one send a request", has the figures.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace acctseg::server {

class ConnectionStream final : public httplib::Stream {
 public:
  // `read_timeout` bounds each read within a request; `write_timeout` each
  // send. Sets the socket's receive timeout to kPollSlice (it waits in
  // slices, so that a stopping server is noticed).
  ConnectionStream(int socket, std::chrono::microseconds read_timeout,
                   std::chrono::microseconds write_timeout);

  // Waits up to `timeout` for the first bytes of the next request (they may
  // already be buffered); false on timeout, a closed connection, an error,
  // or once `stopping()` says so (asked every kPollSlice).
  bool AwaitRequest(std::chrono::microseconds timeout, const std::function<bool()>& stopping);
  // Sends what is buffered; false if the connection failed.
  bool Flush();
  // After `deadline`, read() fails however the peer trickles its bytes: the
  // per-read timeout alone let a client sending a header line a second
  // hold a request thread for ever (each server thread serves one
  // connection, so a few dozen such clients stopped the server). max():
  // none.
  void SetReadDeadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
  // Bytes handed out by read() since the connection opened.
  uint64_t consumed() const { return consumed_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override;

  static constexpr std::chrono::milliseconds kPollSlice{100};

 private:
  // Receives into the empty read buffer, waiting up to `timeout`; the bytes
  // received, 0 when the peer closed, -1 on timeout or error.
  ssize_t Fill(std::chrono::microseconds timeout, const std::function<bool()>& stopping);
  // Sends `head` (the buffered bytes) then `tail` in as few calls as the
  // socket takes; false on error or a send that timed out.
  bool SendAll(const char* head, size_t head_size, const char* tail, size_t tail_size);

  int socket_;
  std::chrono::microseconds read_timeout_;
  std::vector<char> in_;
  size_t in_begin_ = 0, in_end_ = 0;  // unread bytes: in_[in_begin_, in_end_)
  uint64_t consumed_ = 0;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::string out_;      // written, not yet sent
  bool failed_ = false;  // a send failed: the connection is done
  std::string remote_ip_, local_ip_;
  int remote_port_ = 0, local_port_ = 0;
};

}  // namespace acctseg::server
