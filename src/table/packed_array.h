// The values of one column stored in the narrowest type that holds them
// all. Two kinds share the machinery:
//   PackedInts  — integers (bool 0/1, integers, decimals in 10^-scale units,
//                 dates, timestamps) in 1, 2, 4 or 8 signed bytes, or a bit
//                 a value when every value is 0 or 1 (booleans, flags);
//   PackedCodes — dictionary codes (table/dictionary.h) in 1, 2 or 4
//                 unsigned bytes, by how many distinct strings there are.
// A column of intent scores (0..100) or of five segment names takes one byte
// an account instead of eight or four, a boolean an eighth of a byte: at
// 100M accounts that is the difference between fitting in memory and not
// (docs/architecture.md, "Narrow columns").
//
// An array is built wide (writable in bulk through Wide()) and narrowed once
// its values are final (Narrow()); a later Set of a value that does not fit
// widens it again, so the live server can update in place. Readers get the
// wide type whatever the width: one at a time (operator[]), a range widened
// into a buffer (CopyTo), or, for codes, the stored array itself (Visit) for
// loops that should run on the narrow form.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "table/bit_vector.h"

namespace acctseg {

// `WideT` first, then ever narrower types (at most three).
template <class WideT, class... NarrowerT>
class PackedArray {
 public:
  using Wide_t = WideT;
  // Signed kinds (integers) are also stored a bit a value. Unsigned ones
  // (codes, masks) are not: their readers take the stored array as a span
  // (Visit), which bits cannot be, and a column of two strings is rare.
  static constexpr bool kHasBits = std::is_signed_v<WideT>;
  // The width() of an array stored a bit a value.
  static constexpr int kBitWidth = 0;

  PackedArray() = default;
  // `rows` zeros, wide.
  explicit PackedArray(size_t rows) : values_(std::vector<WideT>(rows, 0)) {}
  // Wide values.
  PackedArray(std::vector<WideT> values)  // NOLINT: implicit by design
      : values_(std::move(values)) {}
  PackedArray(std::initializer_list<WideT> values) : values_(std::vector<WideT>(values)) {}

  size_t size() const {
    return std::visit([](const auto& v) { return v.size(); }, values_);
  }
  bool empty() const { return size() == 0; }
  // Bytes a value; kBitWidth when a bit a value.
  int width() const { return kWidths[values_.index()]; }
  bool is_wide() const { return values_.index() == 0; }
  bool is_bits() const { return kHasBits && values_.index() == kBytesKinds; }
  size_t bytes() const { return StoredBytes().size(); }

  WideT operator[](size_t row) const {
    return OnKind([&](auto kind) { return At<decltype(kind)::value>(row); });
  }

  // Asks the cache for row `row`'s value: a loop over scattered rows (a
  // family's, in a live server's million) issues it some rows ahead, so
  // that the misses overlap instead of following one another.
  void Prefetch(size_t row) const {
    OnKind([&](auto kind) { PrefetchAt<decltype(kind)::value>(row); });
  }

  // Calls f(std::span<const T>) with the stored array, T one of the
  // widths' types: one dispatch for a whole loop. Not for kinds stored as
  // bits, which no span can show.
  template <class F>
  decltype(auto) Visit(F&& f) const requires(!kHasBits) {
    return std::visit([&](const auto& v) { return f(std::span(v.data(), v.size())); }, values_);
  }

  // All values, widened (tests and small tables).
  std::vector<WideT> ToVector() const {
    std::vector<WideT> out(size());
    CopyTo(0, out.size(), out.data());
    return out;
  }

  // out[i] = (*this)[begin + i] for i < count.
  void CopyTo(size_t begin, size_t count, WideT* out) const {
    std::visit(
        [&](const auto& values) {
          if constexpr (kIsBits<decltype(values)>)
            values.CopyTo(begin, count, out);
          else
            std::copy_n(values.data() + begin, count, out);
        },
        values_);
  }

  // Sets one value; widens the whole array first when it does not fit.
  void Set(size_t row, WideT value);
  void push_back(WideT value);
  void Erase(size_t row);
  // Grows (with zeros) or shrinks, keeping the width.
  void resize(size_t rows);
  // Room for `rows` rows in the present width: growing to them copies
  // nothing (a live universe's columns, ahead of created accounts).
  void reserve(size_t rows);

  // The values as a writable wide array (widening them first if narrow):
  // for writers that fill a whole array, which call Narrow() when done.
  WideT* Wide();

  // Re-stores the values in the narrowest width that holds them all (a bit
  // a value for integers that are all 0 or 1); the scan for the range runs
  // on up to `threads` threads.
  void Narrow(int threads = 1);
  // Re-stores the values `width` bytes wide (one of the kind's widths, or
  // kBitWidth); a value that does not fit is truncated, so callers only
  // ever widen, or narrow to what WidthFor (or Narrow) said holds them.
  void ConvertTo(int width, int threads = 1);

  // `rows` zeros stored `width` bytes a value, and that stored array,
  // writable: for a writer that fills the narrow form in place because it
  // knows a width that (mostly) holds its values, as the CSV reader does
  // (the wide form of every column at once was the read's peak).
  // Not for kBitWidth: a writer of bytes cannot fill bits in place.
  static PackedArray Zeros(int width, size_t rows);
  void* MutableBytes();

  // The values at `rows` (each below size()), stored in this array's width,
  // which holds every one of them (bits come back a byte a value): no wide
  // copy made and narrowed again. Narrow() the result for the narrowest.
  PackedArray Gather(std::span<const uint32_t> rows) const;

  // The stored array as bytes (a bit array's 64-bit words), and back (the
  // input cache's sections); FromStoredBytes throws std::invalid_argument
  // for a width this kind does not have, FromStoredBits for words that do
  // not hold `rows` bits or a kind without bits.
  std::string_view StoredBytes() const;
  static PackedArray FromStoredBytes(int width, std::string_view bytes);
  static PackedArray FromStoredBits(size_t rows, std::string_view bytes);

  // The smallest width in bytes that holds [low, high].
  static int WidthFor(WideT low, WideT high);

  friend bool operator==(const PackedArray& a, const PackedArray& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) return false;
    return true;
  }

 private:
  // The byte widths, then (kHasBits) the bits.
  static constexpr size_t kBytesKinds = 1 + sizeof...(NarrowerT);
  using Storage =
      std::conditional_t<kHasBits,
                         std::variant<std::vector<WideT>, std::vector<NarrowerT>..., BitVector>,
                         std::variant<std::vector<WideT>, std::vector<NarrowerT>...>>;
  static constexpr size_t kKinds = std::variant_size_v<Storage>;
  static_assert(kKinds <= 5, "operator[] switches over at most five kinds");
  static constexpr int kWidths[] = {sizeof(WideT), sizeof(NarrowerT)..., kBitWidth};
  template <class V>
  static constexpr bool kIsBits = std::is_same_v<std::decay_t<V>, BitVector>;

  // f(std::integral_constant<size_t, I>) for the stored kind I. A switch,
  // not std::visit: the compiler turns it into a predicted branch instead
  // of an indirect call per value.
  template <class F>
  decltype(auto) OnKind(F&& f) const {
    switch (values_.index()) {
      case 0:
        return f(std::integral_constant<size_t, 0>{});
      case 1:
        return f(std::integral_constant<size_t, 1>{});
      case 2:
        return f(std::integral_constant<size_t, 2>{});
      case 3:
        return f(std::integral_constant<size_t, 3>{});
      default:
        return f(std::integral_constant<size_t, 4>{});
    }
  }
  template <size_t I>
  WideT At(size_t row) const {
    constexpr size_t kIndex = std::min(I, kKinds - 1);
    return static_cast<WideT>((*std::get_if<kIndex>(&values_))[row]);
  }
  template <size_t I>
  void PrefetchAt(size_t row) const {
    constexpr size_t kIndex = std::min(I, kKinds - 1);
    const auto& values = *std::get_if<kIndex>(&values_);
    if constexpr (kIsBits<decltype(values)>)
      __builtin_prefetch(values.words().data() + (row >> 6));
    else
      __builtin_prefetch(values.data() + row);
  }
  static Storage EmptyOfWidth(int width);

  Storage values_;
};

using PackedInts = PackedArray<int64_t, int32_t, int16_t, int8_t>;
using PackedCodes = PackedArray<uint32_t, uint16_t, uint8_t>;
// Bit masks (a row's issue bits, steps/row_issues.h) in 8/4/2/1 bytes.
using PackedMasks = PackedArray<uint64_t, uint32_t, uint16_t, uint8_t>;

extern template class PackedArray<int64_t, int32_t, int16_t, int8_t>;
extern template class PackedArray<uint32_t, uint16_t, uint8_t>;
extern template class PackedArray<uint64_t, uint32_t, uint16_t, uint8_t>;

}  // namespace acctseg
