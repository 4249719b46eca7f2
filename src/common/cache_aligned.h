// A std::vector whose elements start on a cache line (64 bytes), for
// arrays read and written a line at a time with vector instructions: a
// 64-byte load or store that straddles two lines costs about twice as much
// (the exact SHAP tables and sums, learn/exact_shap.h).
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace acctseg {

inline constexpr size_t kCacheLine = 64;

template <class T>
struct CacheAlignedAllocator {
  using value_type = T;
  CacheAlignedAllocator() = default;
  template <class U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) {}
  T* allocate(size_t count) {
    return static_cast<T*>(::operator new (count * sizeof(T), std::align_val_t{kCacheLine}));
  }
  void deallocate(T* p, size_t) { ::operator delete (p, std::align_val_t{kCacheLine}); }
  template <class U>
  bool operator==(const CacheAlignedAllocator<U>&) const {
    return true;
  }
};

template <class T>
using CacheAlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

}  // namespace acctseg
