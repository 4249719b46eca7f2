// The value types of acctseg. Money and shares are exact: a decimal is an
// int64 count of 10^-scale units, never binary floating point.
#pragma once

#include <cstdint>
#include <string>

namespace acctseg {

enum class TypeId : uint8_t {
  kNull,  // the type of a bare NULL literal; converts to any type
  kBool,
  kInt64,
  kDecimal,  // fixed point, `scale` digits after the point
  kString,
  kList,  // list of strings; only inside expressions, never stored
  // After kList so that the ids of older types (the run store keeps them)
  // do not change.
  kDate,       // days since 1970-01-01
  kTimestamp,  // microseconds since 1970-01-01T00:00:00Z, always UTC
};

struct DataType {
  TypeId id = TypeId::kNull;
  int scale = 0;  // kDecimal only

  static DataType Null() { return {TypeId::kNull, 0}; }
  static DataType Bool() { return {TypeId::kBool, 0}; }
  static DataType Int64() { return {TypeId::kInt64, 0}; }
  static DataType Decimal(int scale) { return {TypeId::kDecimal, scale}; }
  static DataType String() { return {TypeId::kString, 0}; }
  static DataType List() { return {TypeId::kList, 0}; }
  static DataType Date() { return {TypeId::kDate, 0}; }
  static DataType Timestamp() { return {TypeId::kTimestamp, 0}; }

  bool IsNumeric() const { return id == TypeId::kInt64 || id == TypeId::kDecimal; }
  bool IsTemporal() const { return id == TypeId::kDate || id == TypeId::kTimestamp; }
  // Bool, integers, decimals, dates and timestamps are held in the int64
  // slot of a column.
  bool IsStoredAsInt() const { return id == TypeId::kBool || IsNumeric() || IsTemporal(); }
  int Scale() const { return id == TypeId::kDecimal ? scale : 0; }

  bool operator==(const DataType& o) const { return id == o.id && Scale() == o.Scale(); }
  bool operator!=(const DataType& o) const { return !(*this == o); }

  // "integer", "decimal(2)", "string", "date", ...: the words the policy language uses.
  std::string ToString() const;
};

// A value held in the int64 slot as messages and explanations write it: a
// date or timestamp in ISO 8601, any other type as a number with its
// type's digits after the point ("12.50", "7", a boolean as 1 or 0).
std::string IntSlotText(DataType type, int64_t value);

// What a number type holds, for messages: "decimal(2): -92233720368547758.08
// to 92233720368547758.07", "integer: -9223372036854775808 to ...".
std::string NumberRangeText(DataType type);

// Largest decimal scale acctseg keeps; keeps products within int64 range.
inline constexpr int kMaxDecimalScale = 9;

}  // namespace acctseg
