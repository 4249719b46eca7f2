// A plan as the run store keeps it (versioned_record.h): kind "territories"
// or "capacity", info = a short summary for listings, payload = the plan's
// JSON text ({"kind":"territories",...}, docs/planning/territories.md).
// Each save of "terr" is the next version (terr@1, terr@2, ...).
#pragma once

#include <string>

#include "store/versioned_record.h"

namespace acctseg {

using PlanRecord = VersionedRecord;

// "terr@2" -> {"terr", 2}; "terr" -> {"terr", 0}; errors name the plan.
inline VersionedReference ParsePlanReference(const std::string& text) {
  return ParseVersionedReference(text, "plan");
}

}  // namespace acctseg
