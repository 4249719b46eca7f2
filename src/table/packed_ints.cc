#include "table/packed_ints.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <mutex>

#include "common/parallel.h"

namespace acctseg {
namespace {

template <class T>
bool Holds(int64_t value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

template <class To, class From>
std::vector<To> Converted(const std::vector<From>& from, int threads) {
  std::vector<To> to(from.size());
  ParallelRanges(from.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) to[i] = static_cast<To>(from[i]);
  });
  return to;
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
  std::visit(
      [&](const auto& from) {
        switch (width) {
          case 8:
            values_ = Converted<int64_t>(from, threads);
            break;
          case 4:
            values_ = Converted<int32_t>(from, threads);
            break;
          case 2:
            values_ = Converted<int16_t>(from, threads);
            break;
          default:
            values_ = Converted<int8_t>(from, threads);
            break;
        }
      },
      values_);
}

void PackedInts::Set(size_t row, int64_t value) {
  switch (values_.index()) {
    case 0:
      (*std::get_if<0>(&values_))[row] = value;
      return;
    case 1:
      if (Holds<int32_t>(value)) {
        (*std::get_if<1>(&values_))[row] = static_cast<int32_t>(value);
        return;
      }
      break;
    case 2:
      if (Holds<int16_t>(value)) {
        (*std::get_if<2>(&values_))[row] = static_cast<int16_t>(value);
        return;
      }
      break;
    default:
      if (Holds<int8_t>(value)) {
        (*std::get_if<3>(&values_))[row] = static_cast<int8_t>(value);
        return;
      }
      break;
  }
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
  auto fill = [&](auto& v) {
    v.resize(bytes.size() / sizeof(v[0]));
    if (!bytes.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(v[0]));
  };
  switch (width) {
    case 8:
      result.values_ = std::vector<int64_t>();
      break;
    case 4:
      result.values_ = std::vector<int32_t>();
      break;
    case 2:
      result.values_ = std::vector<int16_t>();
      break;
    default:
      result.values_ = std::vector<int8_t>();
      break;
  }
  std::visit(fill, result.values_);
  return result;
}

bool operator==(const PackedInts& a, const PackedInts& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace acctseg
