// Views over a finished DiffReport shared by the renderers.
#include <algorithm>
#include <cstdint>

#include "diff/render_internal.h"
#include "table/decimal.h"

namespace acctseg {

std::string FormatMeasure(const DiffReport& report, size_t measure, int64_t value) {
  return FormatDecimal(value, report.measures[measure].scale);
}

std::string FormatDelta(int64_t before, int64_t after, int scale) {
  int64_t delta;
  if (__builtin_sub_overflow(after, before, &delta)) return "overflow";
  std::string text = FormatDecimal(delta, scale);
  return delta > 0 ? "+" + text : text;
}

std::string NotComparedText(const DiffReport& report) {
  std::string text;
  for (const auto& [names, side] : {std::pair{&report.not_compared_after, "after"},
                                    std::pair{&report.not_compared_before, "before"}}) {
    if (names->empty()) continue;
    if (!text.empty()) text += "; ";
    for (size_t i = 0; i < names->size(); ++i) text += (i ? ", " : "") + (*names)[i];
    text += std::string(" (") + side + ")";
  }
  return text;
}

std::vector<int64_t> MovedMeasureSums(const Migration& migration, size_t measure_count) {
  std::vector<int64_t> sums(measure_count, 0);
  for (const MigrationCell& cell : migration.cells) {
    if (cell.from == cell.to) continue;
    for (size_t m = 0; m < measure_count && m < cell.measure_sums.size(); ++m)
      // A subset of checked sums can still wrap when signs mix: saturate.
      if (__builtin_add_overflow(sums[m], cell.measure_sums[m], &sums[m]))
        sums[m] = cell.measure_sums[m] < 0 ? INT64_MIN : INT64_MAX;
  }
  return sums;
}

MatrixView::MatrixView(const Migration& migration)
    : migration_(migration),
      grid_(migration.values.size() * migration.values.size(), nullptr),
      row_totals_(migration.values.size(), 0),
      column_totals_(migration.values.size(), 0) {
  auto index_of = [&](const std::string& value) {
    return static_cast<size_t>(
        std::lower_bound(migration.values.begin(), migration.values.end(), value) -
        migration.values.begin());
  };
  for (const MigrationCell& cell : migration.cells) {
    size_t from = index_of(cell.from), to = index_of(cell.to);
    if (from >= size() || to >= size()) continue;  // not a value: a malformed report
    grid_[from * size() + to] = &cell;
    row_totals_[from] += cell.count;
    column_totals_[to] += cell.count;
    uint64_t& max = from == to ? max_stayed_ : max_moved_;
    max = std::max(max, cell.count);
  }
}

uint64_t MatrixView::Count(size_t from, size_t to) const {
  const MigrationCell* cell = At(from, to);
  return cell == nullptr ? 0 : cell->count;
}

std::vector<const MigrationCell*> MovedCellsByCount(const Migration& migration) {
  std::vector<const MigrationCell*> cells;
  for (const MigrationCell& cell : migration.cells)
    if (cell.from != cell.to) cells.push_back(&cell);
  std::stable_sort(cells.begin(), cells.end(), [](const MigrationCell* a, const MigrationCell* b) {
    return a->count > b->count;
  });
  return cells;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

std::string ClipText(std::string_view text, size_t width, std::string_view mark) {
  if (DisplayWidth(text) <= width) return std::string(text);
  size_t kept = 0, bytes = 0;
  while (bytes < text.size() && kept + 1 < width) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
    ++kept;
  }
  return std::string(text.substr(0, bytes)) + std::string(mark);
}

}  // namespace acctseg
