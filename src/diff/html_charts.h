// Inline SVG charts for the HTML diff report, drawn in C++ so that the page
// needs no script. Each function returns one <svg> element (no xmlns: inline
// SVG in HTML needs none, and the page carries no URL at all); all text in it
// is HTML-escaped. Internal to src/diff/.
#pragma once

#include <cstdint>
#include <string>

#include "diff/diff.h"

namespace acctseg {

// Above this many values a matrix is shown as a list of moves, not a chart.
inline constexpr size_t kMaxChartValues = 40;

// Heat map of a migration matrix: rows = before, columns = after, counts in
// the cells; stayed (diagonal) and moved cells on separate color scales so
// that small moves stay visible next to large diagonals.
std::string HeatMapSvg(const DiffReport& report, const Migration& migration);

// Sankey-style flow: before values on the left, after values on the right,
// one band per non-empty cell with thickness by count.
std::string SankeySvg(const Migration& migration);

// Two thin horizontal bars (before grey, after blue) scaled to `max`.
std::string PairBarsSvg(uint64_t before, uint64_t after, uint64_t max);

// The categorical color of the value at `index` (a fixed 10-color palette).
const char* ValueColor(size_t index);

}  // namespace acctseg
