// The integers of one column (bool 0/1, integers, decimals in 10^-scale
// units, dates and timestamps) stored in the narrowest of 1, 2, 4 or 8 bytes
// that holds every value. A column of intent scores (0..100) takes one byte
// an account instead of eight: at 100M accounts that is the difference
// between fitting in memory and not (docs/architecture.md, "Narrow columns").
//
// A column is built wide (8 bytes, writable in bulk through Wide()) and
// narrowed once its values are final (Narrow()); a later Set of a value that
// does not fit widens it again, so the live server can update in place.
// Readers get int64 values whatever the width: one at a time (operator[]),
// a range widened into a buffer (CopyTo), or the stored array itself
// (Visit) for loops that should run on the narrow form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace acctseg {

class PackedInts {
 public:
  PackedInts() = default;
  // `rows` zeros, wide.
  explicit PackedInts(size_t rows) : values_(std::vector<int64_t>(rows, 0)) {}
  // Wide values.
  PackedInts(std::vector<int64_t> values)
      : values_(std::move(values)) {}  // NOLINT: implicit by design
  PackedInts(std::initializer_list<int64_t> values) : values_(std::vector<int64_t>(values)) {}

  size_t size() const {
    return std::visit([](const auto& v) { return v.size(); }, values_);
  }
  bool empty() const { return size() == 0; }
  // Bytes a value: 1, 2, 4 or 8.
  int width() const { return kWidths[values_.index()]; }
  bool is_wide() const { return values_.index() == 0; }
  size_t bytes() const { return size() * width(); }

  int64_t operator[](size_t row) const {
    switch (values_.index()) {
      case 0:
        return (*std::get_if<0>(&values_))[row];
      case 1:
        return (*std::get_if<1>(&values_))[row];
      case 2:
        return (*std::get_if<2>(&values_))[row];
      default:
        return (*std::get_if<3>(&values_))[row];
    }
  }

  // Calls f(std::span<const T>) with the stored array, T one of int64_t,
  // int32_t, int16_t, int8_t: one dispatch for a whole loop.
  template <class F>
  decltype(auto) Visit(F&& f) const {
    return std::visit([&](const auto& v) { return f(std::span(v.data(), v.size())); }, values_);
  }

  // All values, widened (tests and small tables).
  std::vector<int64_t> ToVector() const {
    std::vector<int64_t> out(size());
    CopyTo(0, out.size(), out.data());
    return out;
  }

  // out[i] = (*this)[begin + i] for i < count.
  void CopyTo(size_t begin, size_t count, int64_t* out) const;

  // Sets one value; widens the whole column first when it does not fit.
  void Set(size_t row, int64_t value);
  void push_back(int64_t value);
  void Erase(size_t row);
  // Grows (with zeros) or shrinks, keeping the width.
  void resize(size_t rows);

  // The values as a writable wide array (widening them first if narrow):
  // for writers that fill a whole column, which call Narrow() when done.
  int64_t* Wide();

  // Re-stores the values in the narrowest width that holds them all; the
  // scan for the range runs on up to `threads` threads.
  void Narrow(int threads = 1);

  // The stored array as bytes, and back (the input cache's sections).
  std::string_view StoredBytes() const;
  static PackedInts FromStoredBytes(int width, std::string_view bytes);

  // The smallest width (1, 2, 4 or 8 bytes) that holds [low, high].
  static int WidthFor(int64_t low, int64_t high);

  friend bool operator==(const PackedInts& a, const PackedInts& b);

 private:
  static constexpr int kWidths[] = {8, 4, 2, 1};
  void ConvertTo(int width, int threads = 1);

  std::variant<std::vector<int64_t>, std::vector<int32_t>, std::vector<int16_t>,
               std::vector<int8_t>>
      values_;
};

}  // namespace acctseg
