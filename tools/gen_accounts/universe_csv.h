// The universe as the CSV that gen_accounts.py's csv.writer produces:
// QUOTE_MINIMAL, "\n" line ends, the header line first, then the accounts in
// the shuffled file order.
#pragma once

#include <cstdio>

#include "universe.h"

namespace gen_accounts {

// Lines are formatted on up to `threads` threads, block by block, and written
// in order. Throws std::runtime_error if writing fails.
void WriteUniverseCsv(const Universe& universe, std::FILE* out, int threads);

}  // namespace gen_accounts
