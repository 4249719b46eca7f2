// How long a thread that never blocks loses its CPU: one spinning thread
// pinned to each CPU reads the clock in a loop and keeps every gap between
// two reads over --min-ms. On an idle machine the gaps are what the kernel
// and the hypervisor take (interrupts, kernel threads such as kdamond, the
// host preempting the VM), which no server on the machine can avoid. At
// R requests a second a gap of G ms delays about R * G / 1000 of them past
// G minus their own time (bench/README.md, "Where the singles' tail is now").
//   build/cpu_gaps [--seconds 20] [--min-ms 0.5]
#include <pthread.h>
#include <sched.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// The gaps over min_ms, in ms, that a thread spinning on `cpu` sees.
std::vector<double> Spin(int cpu, Clock::time_point start, double seconds, double min_ms) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  std::vector<double> gaps;
  gaps.reserve(100000);
  const auto end = start + std::chrono::duration<double>(seconds);
  for (auto last = Clock::now(); last < end;) {
    const auto now = Clock::now();
    const double ms = std::chrono::duration<double, std::milli>(now - last).count();
    if (ms > min_ms) gaps.push_back(ms);
    last = now;
  }
  return gaps;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Gaps a spinning thread on each CPU sees: the CPU time the machine takes away.");
  double seconds = 20, min_ms = 0.5;
  app.add_option("--seconds", seconds, "how long to spin");
  app.add_option("--min-ms", min_ms, "the shortest gap kept");
  CLI11_PARSE(app, argc, argv);
  const int cpus = static_cast<int>(std::thread::hardware_concurrency());
  std::vector<std::vector<double>> gaps(cpus);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int cpu = 0; cpu < cpus; ++cpu)
    threads.emplace_back([&, cpu] { gaps[cpu] = Spin(cpu, start, seconds, min_ms); });
  for (std::thread& t : threads) t.join();
  std::printf("%d CPUs, %.0f s each, gaps over %.1f ms\n", cpus, seconds, min_ms);
  std::printf("cpu  gaps  over 1 ms  over 2 ms  over 5 ms  lost ms  lost %%  longest ms\n");
  for (int cpu = 0; cpu < cpus; ++cpu) {
    const std::vector<double>& g = gaps[cpu];
    auto over = [&](double ms) {
      return std::count_if(g.begin(), g.end(), [ms](double gap) { return gap > ms; });
    };
    const double lost = std::accumulate(g.begin(), g.end(), 0.0);
    const double longest = g.empty() ? 0 : *std::max_element(g.begin(), g.end());
    std::printf("%3d %5zu %10td %10td %10td %8.1f %7.3f %11.2f\n", cpu, g.size(), over(1), over(2),
                over(5), lost, lost / (seconds * 10), longest);
  }
  return 0;
}
