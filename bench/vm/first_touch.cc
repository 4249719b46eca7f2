// What fresh memory costs on this machine: the seconds a GB takes to be
// written the first time (the kernel finds, zeroes and maps each page, and
// on a virtual machine the host may have to back it too) and again (a plain
// memset), in 4 KB pages or huge pages (madvise), on one thread or several
// side by side. Each round maps new memory, so the host's share shows in
// the first rounds after the machine has been idle and fades in later ones
// (bench/README.md, "Fresh memory").
//   build/first_touch [--mb 1024] [--rounds 5] [--huge] [--threads 1] [--pause-s 0]
#include <sys/mman.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// memset of [begin, begin + bytes) cut into `threads` stretches, each on its
// own thread.
void SetOnThreads(char* begin, size_t bytes, int threads, int value) {
  std::vector<std::thread> workers;
  const size_t stretch = (bytes + threads - 1) / threads;
  for (int t = 0; t < threads; ++t) {
    const size_t first = std::min(bytes, t * stretch);
    const size_t count = std::min(stretch, bytes - first);
    workers.emplace_back([=] { std::memset(begin + first, value, count); });
  }
  for (std::thread& worker : workers) worker.join();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Seconds a GB of fresh memory takes to write, the first time and again"};
  size_t mb = 1024;
  int rounds = 5, threads = 1;
  bool huge = false;
  double pause_s = 0;
  app.add_option("--mb", mb, "MB mapped a round")->check(CLI::Range(1, 1 << 20));
  app.add_option("--rounds", rounds, "rounds, each on new memory")->check(CLI::Range(1, 1000));
  app.add_flag("--huge", huge, "ask for transparent huge pages (madvise)");
  app.add_option("--threads", threads, "threads writing side by side")->check(CLI::Range(1, 256));
  app.add_option("--pause-s", pause_s, "idle seconds before each round")
      ->check(CLI::Range(0.0, 3600.0));
  CLI11_PARSE(app, argc, argv);

  const size_t bytes = mb << 20;
  const double gb = static_cast<double>(bytes) / (1 << 30);
  for (int round = 1; round <= rounds; ++round) {
    if (pause_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(pause_s));
    void* mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) {
      std::perror("mmap");
      return 1;
    }
    char* memory = static_cast<char*>(mapped);
    if (huge) madvise(memory, bytes, MADV_HUGEPAGE);
    Clock::time_point start = Clock::now();
    SetOnThreads(memory, bytes, threads, 1);
    const double first = Seconds(start);
    start = Clock::now();
    SetOnThreads(memory, bytes, threads, 2);
    const double again = Seconds(start);
    munmap(memory, bytes);
    std::printf("round %d: first write %.3f s a GB, again %.3f s a GB (%s pages, %d thread%s)\n",
                round, first / gb, again / gb, huge ? "huge" : "4 KB", threads,
                threads == 1 ? "" : "s");
  }
  return 0;
}
