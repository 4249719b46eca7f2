// A lift table as a person or a program reads it: text (headline findings
// in words, then one table per attribute, strongest first), CSV (one line
// per row of every attribute), JSON (the whole report) and one
// self-contained HTML page with SVG bar charts of lift and its interval
// (no script, no URL). Every renderer is a pure function of the report.
#pragma once

#include <ostream>

#include "learn/lift.h"

namespace acctseg::learn {

void RenderLiftText(const LiftReport& report, std::ostream& out);
void RenderLiftCsv(const LiftReport& report, std::ostream& out);
void RenderLiftJson(const LiftReport& report, std::ostream& out);
void RenderLiftHtml(const LiftReport& report, std::ostream& out);

}  // namespace acctseg::learn
