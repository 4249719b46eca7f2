// What memory costs the first time it is touched, against touching it
// again: the figure behind the reader's choices (docs/architecture.md,
// "Fresh memory is the expensive memory"). bytes/s counts the bytes
// written. Args: threads writing side by side, and 1 for huge pages (as
// glibc asks for them with glibc.malloc.hugetlb=1, which the CLI sets).
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cstring>
#include <thread>
#include <vector>

namespace acctseg::bench {
namespace {

constexpr size_t kBytes = size_t{256} << 20;

char* MapAnonymous(bool huge) {
  void* address =
      mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (address == MAP_FAILED) return nullptr;
  if (huge) madvise(address, kBytes, MADV_HUGEPAGE);
  return static_cast<char*>(address);
}

// Writes every byte of `data` with `threads` threads, one slice each.
void WriteAll(char* data, int threads, char value) {
  std::vector<std::thread> workers;
  const size_t slice = kBytes / static_cast<size_t>(threads);
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([=] { std::memset(data + slice * t, value, slice); });
  for (std::thread& worker : workers) worker.join();
}

// A fresh mapping each iteration: the kernel zeroes (and the hypervisor
// backs) every page on its first write.
void BM_FirstTouch(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const bool huge = state.range(1) != 0;
  for (auto _ : state) {
    char* data = MapAnonymous(huge);
    if (data == nullptr) return state.SkipWithError("mmap failed");
    WriteAll(data, threads, 1);
    state.PauseTiming();
    munmap(data, kBytes);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBytes));
}
BENCHMARK(BM_FirstTouch)->Args({1, 0})->Args({2, 0})->Args({1, 1})->Args({2, 1})->UseRealTime();

// The same pages written again.
void BM_SecondTouch(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  char* data = MapAnonymous(state.range(1) != 0);
  if (data == nullptr) return state.SkipWithError("mmap failed");
  WriteAll(data, threads, 1);
  for (auto _ : state) WriteAll(data, threads, 2);
  munmap(data, kBytes);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBytes));
}
BENCHMARK(BM_SecondTouch)->Args({1, 0})->Args({2, 0})->Args({1, 1})->UseRealTime();

}  // namespace
}  // namespace acctseg::bench
