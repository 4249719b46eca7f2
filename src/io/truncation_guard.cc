#include "io/truncation_guard.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

#include "common/error.h"

namespace acctseg {
namespace {

constexpr int kSlots = 64;
constexpr size_t kPathBytes = 512;

struct Slot {
  std::atomic<const char*> begin{nullptr};
  std::atomic<size_t> size{0};
  char path[kPathBytes];
};

Slot slots[kSlots];
std::mutex slots_mutex;  // serializes registration, never taken by the handler

void WriteAll(const char* text, size_t length) {
  while (length > 0) {
    ssize_t written = ::write(STDERR_FILENO, text, length);
    if (written <= 0) return;
    text += written;
    length -= static_cast<size_t>(written);
  }
}

extern "C" void OnBusError(int signal, siginfo_t* info, void*) {
  const char* address = static_cast<const char*>(info->si_addr);
  for (Slot& slot : slots) {
    const char* begin = slot.begin.load();
    if (begin == nullptr || address < begin || address >= begin + slot.size.load()) continue;
    static const char kPrefix[] = "acctseg: error: ";
    static const char kMessage[] =
        ": the file was truncated while it was read (another program changed it); "
        "nothing was written or recorded\n";
    WriteAll(kPrefix, sizeof kPrefix - 1);
    WriteAll(slot.path, ::strnlen(slot.path, kPathBytes));
    WriteAll(kMessage, sizeof kMessage - 1);
    ::_exit(static_cast<int>(ErrorKind::kInput));
  }
  // Not one of ours: die of it as the program would have without us.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void InstallHandler() {
  struct sigaction action = {};
  action.sa_sigaction = OnBusError;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, nullptr);
}

}  // namespace

int GuardMapping(const char* data, size_t size, const std::string& path) {
  static std::once_flag installed;
  std::call_once(installed, InstallHandler);
  std::lock_guard<std::mutex> lock(slots_mutex);
  for (int i = 0; i < kSlots; ++i) {
    Slot& slot = slots[i];
    if (slot.begin.load() != nullptr) continue;
    std::strncpy(slot.path, path.c_str(), kPathBytes - 1);
    slot.path[kPathBytes - 1] = '\0';
    slot.size.store(size);
    slot.begin.store(data);  // last: the handler reads a slot only once begin is set
    return i;
  }
  return -1;
}

void UnguardMapping(int slot) {
  if (slot < 0) return;
  std::lock_guard<std::mutex> lock(slots_mutex);
  slots[slot].begin.store(nullptr);
}

}  // namespace acctseg
