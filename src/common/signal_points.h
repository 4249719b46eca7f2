// Named points in a job where a test can have the process signal itself,
// so that interrupts and kills are tested at exact, repeatable moments
// instead of by timing (tests/e2e/interrupts.sh).
//
// ACCTSEG_TEST_SIGNAL_AT="POINT[#N]:SIGNAL" raises SIGNAL (INT, TERM or
// KILL) the Nth time (default 1st) the job passes POINT, e.g. "write#3:INT"
// or "record-commit:KILL". The points are listed in docs/testing.md. Unset
// (always, outside tests), a point costs one load of a flag.
#pragma once

#include <string_view>

namespace acctseg {

void SignalPoint(std::string_view point);
// Whether a test armed a point: code that does extra work only so that a
// point can fall inside it (a write cut in two) does it only then.
bool SignalPointsArmed();

}  // namespace acctseg
