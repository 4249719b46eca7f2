// The type checks shared by the binder and the function registry's type
// rules, so a mistake reads the same whether an operator or a function
// found it: "LENGTH argument expects a string, found integer".
#pragma once

#include <optional>
#include <string>

#include "table/data_type.h"

namespace acctseg {

// The common type of values that meet in CASE, COALESCE, IN, comparisons;
// nullopt if they cannot meet (a string and a number).
std::optional<DataType> CommonType(DataType a, DataType b);

// A type mistake: the byte offset in the expression text it points at, and
// the message.
struct TypeError {
  size_t offset;
  std::string message;
};

// `found` must be `wanted` (or NULL, which every type admits).
std::optional<TypeError> ExpectType(DataType found, size_t offset, TypeId wanted,
                                    const std::string& where);
// `found` must be a number (or NULL).
std::optional<TypeError> ExpectNumber(DataType found, size_t offset, const std::string& where);
// Widens `*common` to also hold `next` (the values of IN, COALESCE, LEAST);
// an error, naming `where`, if they cannot meet or meet as lists.
std::optional<TypeError> MeetComparable(DataType* common, DataType next, size_t offset,
                                        const std::string& where);

}  // namespace acctseg
