#include "table/packed_array.h"

#include <cstring>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "common/parallel.h"

namespace acctseg {
namespace {

template <class T, class V>
bool Holds(V value) {
  using Limits = std::numeric_limits<T>;
  if constexpr (std::is_signed_v<V>)
    return value >= Limits::min() && value <= Limits::max();
  else
    return value <= Limits::max();  // unsigned kinds: every type starts at 0
}

}  // namespace

// The members of PackedArray, defined once for both kinds and instantiated
// for each at the end of this file (the header declares them extern, so
// users do not compile the variant machinery again).
#define PACKED_ARRAY_TEMPLATE template <class WideT, class... NarrowerT>
#define PACKED_ARRAY PackedArray<WideT, NarrowerT...>

// An empty array of `width` bytes a value, as the Storage variant.
PACKED_ARRAY_TEMPLATE
typename PACKED_ARRAY::Storage PACKED_ARRAY::EmptyOfWidth(int width) {
  Storage result;
  bool found = false;
  // clang-format 14 splits a templated lambda from its call, which reads as
  // a separate statement; twice a reformat has moved it (and been undone).
  // clang-format off
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((!found && kWidths[I] == width ? (result.template emplace<I>(), found = true) : false), ...);
  }(std::make_index_sequence<kKinds>());
  // clang-format on
  if (!found) throw std::invalid_argument("no packed width of " + std::to_string(width) + " bytes");
  return result;
}

PACKED_ARRAY_TEMPLATE
int PACKED_ARRAY::WidthFor(WideT low, WideT high) {
  int width = sizeof(WideT);
  // From the widest down: the last type that holds both is the narrowest.
  auto consider = [&]<class T>(T*) {
    if (Holds<T>(low) && Holds<T>(high)) width = std::min<int>(width, sizeof(T));
  };
  (consider(static_cast<NarrowerT*>(nullptr)), ...);
  return width;
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::ConvertTo(int width, int threads) {
  if (width == this->width()) return;
  Storage converted = EmptyOfWidth(width);
  std::visit(
      [&](auto& to, const auto& from) {
        const size_t rows = from.size();
        to.resize(rows);
        ParallelRanges(rows, threads, kParallelGrain, [&](size_t begin, size_t end) {
          if constexpr (kIsBits<decltype(to)> && kIsBits<decltype(from)>) {
            // Never: the widths differ.
          } else if constexpr (kIsBits<decltype(to)>) {
            // Ranges share edge words, which SetFrom writes atomically.
            to.SetFrom(begin, end - begin, from.data() + begin);
          } else if constexpr (kIsBits<decltype(from)>) {
            from.CopyTo(begin, end - begin, to.data() + begin);
          } else {
            using To = typename std::decay_t<decltype(to)>::value_type;
            for (size_t i = begin; i < end; ++i) to[i] = static_cast<To>(from[i]);
          }
        });
      },
      converted, values_);
  values_ = std::move(converted);
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::Set(size_t row, WideT value) {
  const bool stored = std::visit(
      [&](auto& values) {
        if constexpr (kIsBits<decltype(values)>) {
          if (value != 0 && value != 1) return false;
          values.Set(row, value == 1);
        } else {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if (!Holds<T>(value)) return false;
          values[row] = static_cast<T>(value);
        }
        return true;
      },
      values_);
  if (stored) return;
  ConvertTo(std::max(width(), WidthFor(value, value)));
  Set(row, value);
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::push_back(WideT value) {
  resize(size() + 1);
  Set(size() - 1, value);
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::Erase(size_t row) {
  std::visit(
      [&](auto& v) {
        if constexpr (kIsBits<decltype(v)>)
          v.Erase(row);
        else
          v.erase(v.begin() + static_cast<ptrdiff_t>(row));
      },
      values_);
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::resize(size_t rows) {
  std::visit([&](auto& v) { v.resize(rows); }, values_);
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::reserve(size_t rows) {
  std::visit([&](auto& v) { v.reserve(rows); }, values_);
}

PACKED_ARRAY_TEMPLATE
WideT* PACKED_ARRAY::Wide() {
  ConvertTo(sizeof(WideT));
  return std::get_if<0>(&values_)->data();
}

PACKED_ARRAY_TEMPLATE
void PACKED_ARRAY::Narrow(int threads) {
  if (empty() || is_bits()) return;
  std::mutex mutex;
  WideT low = std::numeric_limits<WideT>::max();
  WideT high = std::numeric_limits<WideT>::min();
  std::visit(
      [&](const auto& values) {
        if constexpr (!kIsBits<decltype(values)>)
          ParallelRanges(values.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
            auto [lo, hi] = std::minmax_element(values.begin() + begin, values.begin() + end);
            std::lock_guard lock(mutex);
            low = std::min<WideT>(low, *lo);
            high = std::max<WideT>(high, *hi);
          });
      },
      values_);
  if constexpr (kHasBits) {
    if (low >= 0 && high <= 1) {
      ConvertTo(kBitWidth, threads);
      return;
    }
  }
  ConvertTo(WidthFor(low, high), threads);
}

PACKED_ARRAY_TEMPLATE
PACKED_ARRAY PACKED_ARRAY::Zeros(int width, size_t rows) {
  if (width == kBitWidth) throw std::invalid_argument("no zeros a bit a value to write as bytes");
  PackedArray result;
  result.values_ = EmptyOfWidth(width);
  std::visit([&](auto& values) { values.resize(rows); }, result.values_);
  return result;
}

PACKED_ARRAY_TEMPLATE
PACKED_ARRAY PACKED_ARRAY::Gather(std::span<const uint32_t> rows) const {
  PackedArray out;  // none: wide, as an empty array is everywhere else
  if (rows.empty()) return out;
  std::visit(
      [&](const auto& values) {
        auto gather = [&](auto zero) {
          using Value = decltype(zero);
          out = Zeros(sizeof(Value), rows.size());
          Value* to = static_cast<Value*>(out.MutableBytes());
          for (size_t i = 0; i < rows.size(); ++i) to[i] = static_cast<Value>(values[rows[i]]);
        };
        if constexpr (kIsBits<decltype(values)>)
          gather(int8_t{});  // bits exist for signed kinds only, which all have a byte width
        else
          gather(typename std::decay_t<decltype(values)>::value_type{});
      },
      values_);
  return out;
}

PACKED_ARRAY_TEMPLATE
void* PACKED_ARRAY::MutableBytes() {
  return std::visit(
      [](auto& values) -> void* {
        if constexpr (kIsBits<decltype(values)>)
          throw std::logic_error("an array stored a bit a value has no bytes a value");
        else
          return values.data();
      },
      values_);
}

PACKED_ARRAY_TEMPLATE
std::string_view PACKED_ARRAY::StoredBytes() const {
  return std::visit(
      [](const auto& values) {
        if constexpr (kIsBits<decltype(values)>)
          return std::string_view(reinterpret_cast<const char*>(values.words().data()),
                                  values.words().size_bytes());
        else
          return std::string_view(reinterpret_cast<const char*>(values.data()),
                                  values.size() * sizeof(values[0]));
      },
      values_);
}

PACKED_ARRAY_TEMPLATE
PACKED_ARRAY PACKED_ARRAY::FromStoredBytes(int width, std::string_view bytes) {
  if (width == kBitWidth)
    throw std::invalid_argument("an array of bits needs its row count (FromStoredBits)");
  PackedArray result;
  result.values_ = EmptyOfWidth(width);
  std::visit(
      [&](auto& values) {
        if constexpr (!kIsBits<decltype(values)>) {
          values.resize(bytes.size() / sizeof(values[0]));
          if (!bytes.empty())
            std::memcpy(values.data(), bytes.data(), values.size() * sizeof(values[0]));
        }
      },
      result.values_);
  return result;
}

PACKED_ARRAY_TEMPLATE
PACKED_ARRAY PACKED_ARRAY::FromStoredBits(size_t rows, std::string_view bytes) {
  if (bytes.size() != BitVector::WordsFor(rows) * sizeof(uint64_t))
    throw std::invalid_argument("the bits' words do not hold " + std::to_string(rows) + " rows");
  PackedArray result;
  if constexpr (kHasBits) {
    std::vector<uint64_t> words(BitVector::WordsFor(rows));
    if (!bytes.empty()) std::memcpy(words.data(), bytes.data(), bytes.size());
    result.values_.template emplace<kBytesKinds>(BitVector::FromWords(rows, std::move(words)));
  } else {
    throw std::invalid_argument("this kind of packed array has no bits");
  }
  return result;
}

#undef PACKED_ARRAY
#undef PACKED_ARRAY_TEMPLATE

template class PackedArray<int64_t, int32_t, int16_t, int8_t>;
template class PackedArray<uint32_t, uint16_t, uint8_t>;
template class PackedArray<uint64_t, uint32_t, uint16_t, uint8_t>;

}  // namespace acctseg
