// Knobs of ReadCsv that only tests turn: small chunks make a small file
// exercise the chunk splitting and the dictionary merge.
#pragma once

#include <cstddef>

namespace acctseg::csv_internal {

// Target bytes per parallel chunk; 0 restores the default. Not thread-safe
// with a concurrent ReadCsv.
void SetChunkBytesForTesting(size_t bytes);

}  // namespace acctseg::csv_internal
