// Test helper: a call that must fail with one kind of acctseg::Error.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"

namespace acctseg::testing {

// Runs `fn`, expecting an acctseg::Error of `kind` whose message contains `part`.
template <typename Fn>
void ExpectError(ErrorKind kind, const std::string& part, Fn fn) {
  try {
    fn();
    ADD_FAILURE() << "expected an error containing \"" << part << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(static_cast<int>(kind), static_cast<int>(e.kind())) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace acctseg::testing
