#include "steps/row_issues.h"

#include <algorithm>
#include <utility>

namespace acctseg {

int RowIssues::WidthFor(size_t codes) {
  if (codes <= 8) return 1;
  if (codes <= 16) return 2;
  return codes <= 32 ? 4 : 8;
}

RowIssues::RowIssues(size_t rows, size_t codes) : masks_(PackedMasks::Zeros(WidthFor(codes), rows)) {}

RowIssues::RowIssues(std::vector<uint64_t> masks, size_t codes) : masks_(std::move(masks)) {
  masks_.Narrow();
  masks_.ConvertTo(std::max(masks_.width(), WidthFor(codes)));
}

}  // namespace acctseg
