#include "table/packed_ints.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>
#include <type_traits>

#include "common/parallel.h"

namespace acctseg {
namespace {

template <class T>
bool Holds(int64_t value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

// An empty array of `width` bytes a value, as the Storage variant.
template <class Storage>
Storage EmptyOfWidth(int width) {
  switch (width) {
    case 8:
      return std::vector<int64_t>();
    case 4:
      return std::vector<int32_t>();
    case 2:
      return std::vector<int16_t>();
    default:
      return std::vector<int8_t>();
  }
}

}  // namespace

int PackedInts::WidthFor(int64_t low, int64_t high) {
  if (Holds<int8_t>(low) && Holds<int8_t>(high)) return 1;
  if (Holds<int16_t>(low) && Holds<int16_t>(high)) return 2;
  if (Holds<int32_t>(low) && Holds<int32_t>(high)) return 4;
  return 8;
}

void PackedInts::CopyTo(size_t begin, size_t count, int64_t* out) const {
  Visit([&](auto values) { std::copy_n(values.data() + begin, count, out); });
}

void PackedInts::ConvertTo(int width, int threads) {
  if (width == this->width()) return;
  auto converted = EmptyOfWidth<decltype(values_)>(width);
  std::visit(
      [&](auto& to, const auto& from) {
        using To = typename std::decay_t<decltype(to)>::value_type;
        to.resize(from.size());
        ParallelRanges(from.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) to[i] = static_cast<To>(from[i]);
        });
      },
      converted, values_);
  values_ = std::move(converted);
}

void PackedInts::Set(size_t row, int64_t value) {
  const bool stored = std::visit(
      [&](auto& values) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if (!Holds<T>(value)) return false;
        values[row] = static_cast<T>(value);
        return true;
      },
      values_);
  if (stored) return;
  ConvertTo(std::max(width(), WidthFor(value, value)));
  Set(row, value);
}

void PackedInts::push_back(int64_t value) {
  resize(size() + 1);
  Set(size() - 1, value);
}

void PackedInts::Erase(size_t row) {
  std::visit([&](auto& v) { v.erase(v.begin() + static_cast<ptrdiff_t>(row)); }, values_);
}

void PackedInts::resize(size_t rows) {
  std::visit([&](auto& v) { v.resize(rows); }, values_);
}

int64_t* PackedInts::Wide() {
  ConvertTo(8);
  return std::get_if<0>(&values_)->data();
}

void PackedInts::Narrow(int threads) {
  if (empty()) return;
  std::mutex mutex;
  int64_t low = std::numeric_limits<int64_t>::max();
  int64_t high = std::numeric_limits<int64_t>::min();
  Visit([&](auto values) {
    ParallelRanges(values.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
      auto [lo, hi] = std::minmax_element(values.begin() + begin, values.begin() + end);
      std::lock_guard lock(mutex);
      low = std::min<int64_t>(low, *lo);
      high = std::max<int64_t>(high, *hi);
    });
  });
  ConvertTo(WidthFor(low, high), threads);
}

std::string_view PackedInts::StoredBytes() const {
  return Visit([](auto values) {
    return std::string_view(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  });
}

PackedInts PackedInts::FromStoredBytes(int width, std::string_view bytes) {
  PackedInts result;
  result.values_ = EmptyOfWidth<decltype(result.values_)>(width);
  std::visit(
      [&](auto& values) {
        values.resize(bytes.size() / sizeof(values[0]));
        if (!bytes.empty())
          std::memcpy(values.data(), bytes.data(), values.size() * sizeof(values[0]));
      },
      result.values_);
  return result;
}

bool operator==(const PackedInts& a, const PackedInts& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace acctseg
