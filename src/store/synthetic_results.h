// Synthetic run results for the store's tests and benchmarks: 14 columns
// shaped like acctseg output (unique account ids and names, low-cardinality
// segments and tiers, money as decimal(2), scores, flags, some NULLs and
// trace columns). Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>

#include "store/run_record.h"
#include "table/table.h"

namespace acctseg {

Table SyntheticResults(size_t rows, uint64_t seed);

// A run record for `results` with plausible provenance, id and times.
RunRecord SyntheticRunRecord(const std::string& id, int64_t started_at_ms, const Table& results);

}  // namespace acctseg
