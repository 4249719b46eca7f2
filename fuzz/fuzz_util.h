// What every harness checks: hostile input may only fail with a user error
// (an acctseg::Error of a kind other than kInternal). An internal error
// aborts, and any other exception escapes, which libFuzzer (or the replay
// driver) reports as a crash, like a sanitizer finding, a hang or a leak.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "common/error.h"

namespace acctseg::fuzz {

template <typename Fn>
void ExpectOnlyUserErrors(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kInternal) return;
    std::fprintf(stderr, "internal error: %s\n", e.what());
    std::abort();
  }
}

}  // namespace acctseg::fuzz
