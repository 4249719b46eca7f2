// LiveUniverse::Summary: accounts and summary measures per combination of
// the policy's summary dimensions (segment x tier x region in the seed
// policy), for the dashboard's heat map; kept as events change rows
// (universe_summary_counts.h), so a poll does not scan every account.
#include "live/universe.h"
#include "live/universe_state.h"

namespace acctseg {

nlohmann::ordered_json LiveUniverse::Summary() const { return state_->summary.Json(); }

}  // namespace acctseg
