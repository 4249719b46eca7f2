#include "server/serve.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "server/allocator_setup.h"
#include "server/listening_socket.h"
#include "server/memory_trimmer.h"

namespace acctseg::server {
namespace {

void Report(const std::string& line) {
  std::fprintf(stderr, "acctseg: %s\n", line.c_str());
  std::fflush(stderr);
}

// SIGINT, SIGTERM and SIGHUP (the terminal closed; unless ignored, as
// nohup does), blocked in every thread (threads inherit the mask of the
// thread that starts them), are taken by one watcher thread with
// sigtimedwait, which may then do what a signal handler may not: stop the
// HTTP server, which lets Serve return and drain.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    // Not under nohup (or any parent that ignores it for us): a blocked
    // signal is taken by sigtimedwait even where it was ignored.
    struct sigaction hangup;
    if (sigaction(SIGHUP, nullptr, &hangup) == 0 && hangup.sa_handler != SIG_IGN)
      sigaddset(&signals_, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    // A client that hangs up mid-answer must not kill the server, nor a
    // file size limit: the write fails (EFBIG) and the request gets a 503.
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
  }
  ~SignalWatcher() { Stop(); }
  // Ends the watching (before what it stops goes away).
  void Stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void Watch(HttpServer& http) {
    thread_ = std::thread([this, &http] {
      const timespec tick = {0, 200'000'000};
      while (!done_) {
        int signal = sigtimedwait(&signals_, nullptr, &tick);
        if (signal == SIGINT || signal == SIGTERM || signal == SIGHUP) {
          Report(fmt::format("{}: stopping (answering requests in flight, draining the log)",
                             signal == SIGINT    ? "SIGINT"
                             : signal == SIGTERM ? "SIGTERM"
                                                 : "SIGHUP"));
          http.Stop();
          return;
        }
      }
    });
  }

 private:
  sigset_t signals_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

HttpOptions HttpOptionsOf(const ServeOptions& options) {
  HttpOptions http;
  http.listen = ParseListenAddress(options.listen);
  if (options.tokens_path.empty()) {
    if (!options.insecure_no_auth)
      throw Error(ErrorKind::kUsage,
                  "serve: --tokens FILE is required (make a token with `acctseg serve token`), "
                  "or --insecure-no-auth for a loopback-only server without tokens");
    if (!IsLoopback(http.listen.host))
      throw Error(ErrorKind::kUsage,
                  fmt::format("serve: --insecure-no-auth listens only on loopback, not on {}",
                              http.listen.host));
  } else {
    http.tokens = TokenFile::Read(options.tokens_path);
  }
  if (options.max_body == 0) throw Error(ErrorKind::kUsage, "serve: --max-body must be positive");
  http.max_body = options.max_body;
  http.rate_limit = options.rate_limit;
  // Checked before the (long) load, and that they are a PEM pair: found
  // only when the server was made, a swapped pair cost the whole load.
  for (const std::string* file : {&options.tls_cert, &options.tls_key})
    if (!file->empty() && !std::ifstream(*file))
      throw Error(ErrorKind::kIo,
                  fmt::format("{}: cannot read this TLS file: {}", *file, std::strerror(errno)));
  if (!options.tls_cert.empty() && !options.tls_key.empty())
    CheckTlsFiles(options.tls_cert, options.tls_key);
  http.tls_cert = options.tls_cert;
  http.tls_key = options.tls_key;
  http.threads = options.http_threads;
  return http;
}

}  // namespace

int Serve(const ServeOptions& options) {
  SignalWatcher signals;  // first: every thread started after it inherits the mask
  SetUpAllocator();       // glibc's mmap threshold (allocator_setup.h)
  // Every 30 s: a trim takes 17-31 ms (it walks every arena's free chunks,
  // each arena locked in turn), and the RSS grew ~3 MB a minute without.
  MemoryTrimmer trimmer(std::chrono::seconds(30));
  HttpOptions http_options = HttpOptionsOf(options);
  const std::string scheme = http_options.tls_cert.empty() ? "http" : "https";
  const std::string host = http_options.listen.host;
  const bool authenticated = http_options.tokens.has_value();
  if (!IsLoopback(host) && scheme == "http")
    Report(
        fmt::format("note: plain HTTP on {}, which is not loopback: tokens cross the network "
                    "in clear (--tls-cert and --tls-key serve HTTPS)",
                    host));
  CheckAddressFree(http_options.listen);  // before the load, which takes seconds
  std::unique_ptr<LiveService> service = LiveService::Open(options.service, Report);
  {
    HttpServer http(*service, std::move(http_options));
    const int port = http.Bind();
    signals.Watch(http);
    Report(fmt::format("listening on {}://{}:{}{}", scheme,
                       host.find(':') != std::string::npos ? "[" + host + "]" : host, port,
                       authenticated ? "" : " (no authentication: --insecure-no-auth)"));
    http.Serve();
    signals.Stop();
  }
  service.reset();  // drains the committer
  Report("stopped");
  return 0;
}

}  // namespace acctseg::server
