// Large arrays whose first writes are spread over threads.
//
// The first write to a fresh page of memory makes the kernel find, zero and
// map a page; on this project's virtual machines that costs far more than
// the write (0.14 s a GB in huge pages, 5 s and more when the host has to
// back them too), and two threads fault side by side in about half of
// one's time warm (bench/README.md, "Fresh memory"). A std::vector<T>(n)
// zeroes all of its pages on the one thread that makes it, so a 128 MB
// hash table or a 10M-row scratch array is a serial stretch in an
// otherwise parallel read. These helpers leave arrays that a parallel loop
// writes in full unwritten, and zero the ones that must start at zero on
// several threads, so the faults are taken side by side.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace acctseg {

// An allocator whose value-initialization is default-initialization: a
// std::vector<T, DefaultInitAllocator<T>> grown by resize(n) leaves its new
// trivial elements unwritten (and its pages unfaulted) for the caller to
// fill.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <class T>
using UnwrittenVector = std::vector<T, DefaultInitAllocator<T>>;

// memset(data, 0, bytes) on up to `threads` threads, in 2 MB stretches
// (the size of a huge page, though not aligned to them); arrays under
// 8 MB, a millisecond of faults at the warm rate, on the caller's thread.
void ZeroOnThreads(void* data, size_t bytes, int threads);

// `count` zero values of a trivial T, the pages faulted on up to `threads`
// threads.
template <class T>
void AssignZeros(UnwrittenVector<T>& out, size_t count, int threads) {
  static_assert(std::is_trivial_v<T>);
  out.clear();
  out.resize(count);
  ZeroOnThreads(out.data(), count * sizeof(T), threads);
}

}  // namespace acctseg
