#include "feedback.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "common/error.h"

namespace acctseg::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void OnSignal(int) { interrupted.store(true); }

extern "C" void ExitOnSignal(int) {
  static constexpr char kMessage[] = "acctseg: error: interrupted\n";
  // Only what a signal handler may call: write and _exit.
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(static_cast<int>(ErrorKind::kInterrupted));
}

}  // namespace

const std::atomic<bool>* InstallInterruptFlag() {
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return &interrupted;
}

void InstallInterruptExit() {
  struct sigaction action = {};
  action.sa_handler = ExitOnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

ProgressBar::ProgressBar(bool quiet)
    : enabled_(!quiet && isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Clear(); }

void ProgressBar::Update(size_t done, size_t total, size_t rows, const std::string& stage) {
  if (!enabled_ || total == 0) return;
  double elapsed = SecondsSince(start_);
  double fraction = static_cast<double>(done) / total;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(filled, '#');
  bar += std::string(kWidth - filled, '.');
  double rate = elapsed > 0 ? rows * fraction / elapsed : 0;
  double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r[%s] %3.0f%%  %.0f accounts/s  ETA %.1f s  %-40.40s", bar.c_str(),
               fraction * 100, rate, eta, stage.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%*s\r", 120, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace acctseg::cli
