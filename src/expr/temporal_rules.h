// The type rules of + and - when a date, a timestamp or an INTERVAL literal
// is involved (the binder asks these before its number rules):
//   date ± integer → date (days), integer + date → date,
//   date − date → integer (days),
//   date ± INTERVAL '…' → date, timestamp ± INTERVAL '…' → timestamp,
//   INTERVAL '…' + date → date.
// Anything else is a mistake located at `offset`: "cannot add date and date".
#pragma once

#include <optional>
#include <string>

#include "expr/nodes.h"
#include "expr/type_rules.h"

namespace acctseg {

// `left op right` (op '+', '-', '*', '/' or '%') where a side is a date or
// timestamp. nullptr and `*mistake` set when the types do not combine.
ExprPtr BindTemporalArithmetic(char op, ExprPtr left, ExprPtr right, size_t offset, int id,
                               std::optional<TypeError>* mistake);

// `value op INTERVAL 'text'` (or `INTERVAL 'text' + value` when
// `interval_first`); `interval_offset` is where the INTERVAL is written.
ExprPtr BindIntervalArithmetic(char op, bool interval_first, const std::string& text,
                               size_t interval_offset, ExprPtr value, size_t value_offset, int id,
                               std::optional<TypeError>* mistake);

// "cannot add date and date": `op`'s verb and the two types.
std::string CannotCombine(char op, const std::string& left, const std::string& right);

}  // namespace acctseg
