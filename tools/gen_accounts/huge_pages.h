// An allocator for the generator's big arrays (the accounts, the file order,
// sample()'s pool and bitset), which are read and written at random places:
// on 4 KB pages nearly every access there is a TLB miss, which costs more
// than the work done with the data. Blocks of 2 MB and more are asked to be
// backed by transparent huge pages; smaller ones come from operator new.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace gen_accounts {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    size_t bytes = n * sizeof(T);
    if (bytes < kHugePageBytes) return static_cast<T*>(::operator new(bytes));
    size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* block = std::aligned_alloc(kHugePageBytes, rounded);
    if (!block) throw std::bad_alloc();
    madvise(block, rounded, MADV_HUGEPAGE);  // a hint: without it, only slower
    return static_cast<T*>(block);
  }

  void deallocate(T* block, size_t n) {
    if (n * sizeof(T) < kHugePageBytes) {
      ::operator delete(block);
    } else {
      std::free(block);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }

 private:
  static constexpr size_t kHugePageBytes = size_t{2} << 20;
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace gen_accounts
