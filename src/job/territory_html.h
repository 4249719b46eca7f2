// The self-contained HTML report of a territory plan (no script, no URL;
// charts are inline SVG): the solution (method, objective, bound, gap,
// notes), what moved, each role's reps as bars of potential and workload
// against the role mean with the tolerance band, a map-like grid of regions
// (each tile: its reps with their accounts and potential there), and the
// largest moves. All text from data goes through HtmlEscape.
#pragma once

#include <string>

#include "job/territory_outputs.h"

namespace acctseg {

std::string TerritoryHtml(const TerritoryOutcome& outcome);

}  // namespace acctseg
