// The machine's floor for a request and its answer over loopback TCP: what
// any server on it pays before doing any work of its own. A client thread
// per connection sends a request of --bytes at fixed times (--rate over all
// connections, as serve_loadgen's single mode does), a server thread per
// connection echoes it, and each request's latency is counted from the time
// it was due, not sent, so a late client thread counts too. With --sync FILE
// the server first appends the request to FILE and fdatasyncs it, one at a
// time under a lock: an acknowledged-only-when-durable answer without group
// commit (FILE is grown in zeros ahead, as the event log is). Compare its
// percentiles (nearest rank, serve_loadgen's own summary) with
// serve_loadgen's at the same rate and connections: what is above them is
// the server's (bench/README.md, "Where the singles' tail
// is now").
//   build/loopback_echo [--connections 4] [--rate 5000] [--seconds 10] [--bytes 300] [--sync FILE]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "latency_summary.h"

namespace {

using Clock = std::chrono::steady_clock;

// Exits naming `what`, and the system's reason when there is one (errno).
[[noreturn]] void Fail(const std::string& what) {
  if (errno != 0)
    std::fprintf(stderr, "loopback_echo: %s: %s\n", what.c_str(), std::strerror(errno));
  else
    std::fprintf(stderr, "loopback_echo: %s\n", what.c_str());
  std::exit(1);
}

void NoDelay(int fd) {
  const int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) Fail("TCP_NODELAY");
}

// Reads exactly `size` bytes; false at the peer's end (errno 0) or an error.
bool ReadAll(int fd, char* buffer, size_t size) {
  errno = 0;
  for (size_t got = 0; got < size;) {
    const ssize_t n = recv(fd, buffer + got, size - got, 0);
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

void WriteAll(int fd, const char* buffer, size_t size) {
  for (size_t sent = 0; sent < size;) {
    const ssize_t n = send(fd, buffer + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) Fail("send");
    sent += static_cast<size_t>(n);
  }
}

// The --sync file: appends made durable one at a time.
class DurableFile {
 public:
  explicit DurableFile(const std::string& path) : path_(path) {
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) Fail(path);
  }
  ~DurableFile() {
    if (fd_ >= 0) close(fd_);
  }
  void Append(const char* bytes, size_t size) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Zeros ahead, written with the append they make room for, so that an
    // fdatasync rarely has a new size (a metadata commit) to write too.
    constexpr off_t kZeroedChunk = 1 << 20;
    if (end_ + static_cast<off_t>(size) > zeroed_) {
      const std::vector<char> zeros(kZeroedChunk, 0);
      if (pwrite(fd_, zeros.data(), zeros.size(), zeroed_) != kZeroedChunk) Fail(path_);
      zeroed_ += kZeroedChunk;
    }
    if (pwrite(fd_, bytes, size, end_) != static_cast<ssize_t>(size)) Fail(path_);
    if (fdatasync(fd_) != 0) Fail(path_);
    end_ += static_cast<off_t>(size);
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  off_t end_ = 0, zeroed_ = 0;
};

void Echo(int fd, size_t bytes, DurableFile* durable) {
  NoDelay(fd);
  std::vector<char> buffer(bytes);
  while (ReadAll(fd, buffer.data(), bytes)) {
    if (durable) durable->Append(buffer.data(), bytes);
    WriteAll(fd, buffer.data(), bytes);
  }
  close(fd);
}

// Connection `c`'s requests, due every connections / rate seconds from
// `start`; their latencies in ms.
std::vector<double> Send(const sockaddr_in& address, size_t c, size_t connections, double rate,
                         double seconds, size_t bytes, Clock::time_point start) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    Fail("connect");
  NoDelay(fd);
  std::vector<char> buffer(bytes, 'x');
  std::vector<double> latencies;
  const double interval = static_cast<double>(connections) / rate;
  const auto requests = static_cast<size_t>(seconds * rate / static_cast<double>(connections));
  latencies.reserve(requests);
  for (size_t i = 0; i < requests; ++i) {
    const auto due =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                    static_cast<double>(c) / rate + static_cast<double>(i) * interval));
    std::this_thread::sleep_until(due);
    WriteAll(fd, buffer.data(), bytes);
    if (!ReadAll(fd, buffer.data(), bytes)) Fail("the echo ended early");
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
  }
  close(fd);
  return latencies;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Loopback TCP request/answer latency at a fixed rate: the machine's floor"};
  size_t connections = 4, bytes = 300;
  double rate = 5000, seconds = 10;
  std::string sync_path;
  app.add_option("--connections", connections, "Connections, a thread each side")
      ->check(CLI::Range(1, 256));
  app.add_option("--rate", rate, "Requests a second over all connections")
      ->check(CLI::PositiveNumber);
  app.add_option("--seconds", seconds, "How long")->check(CLI::Range(0.1, 3600.0));
  app.add_option("--bytes", bytes, "Bytes a request (and its answer)")->check(CLI::Range(1, 65536));
  app.add_option("--sync", sync_path, "Append each request to this file and fdatasync it first");
  CLI11_PARSE(app, argc, argv);

  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, SOMAXCONN) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    Fail("listen on 127.0.0.1");
  std::unique_ptr<DurableFile> durable;
  if (!sync_path.empty()) durable = std::make_unique<DurableFile>(sync_path);

  std::vector<std::thread> servers, clients;
  std::vector<std::vector<double>> latencies(connections);
  // Every connection is made before the first request is due.
  const auto start = Clock::now() + std::chrono::milliseconds(200);
  for (size_t c = 0; c < connections; ++c)
    clients.emplace_back(
        [&, c] { latencies[c] = Send(address, c, connections, rate, seconds, bytes, start); });
  for (size_t c = 0; c < connections; ++c) {
    const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) Fail("accept");
    servers.emplace_back(Echo, fd, bytes, durable.get());
  }
  for (std::thread& t : clients) t.join();
  for (std::thread& t : servers) t.join();
  close(listener);

  std::vector<double> all;
  for (const std::vector<double>& l : latencies) all.insert(all.end(), l.begin(), l.end());
  const acctseg::serve_bench::LatencySummary summary = acctseg::serve_bench::Summarize(all);
  std::printf("%zu requests of %zu bytes, %zu connections, %.0f/s%s\n", all.size(), bytes,
              connections, rate, durable ? ", each fdatasynced before its answer" : "");
  std::printf("latency, ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n", summary.p50,
              summary.p90, summary.p99, summary.p999, summary.max);
  return 0;
}
