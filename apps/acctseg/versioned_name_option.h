// The --name of a model or plan to store: checked as the command line is
// read, so that a name the store cannot take back (VersionedNameProblem) is
// refused before the training or the plan's work, not after.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "store/versioned_record.h"

namespace acctseg::cli {

inline CLI::Validator VersionedName() {
  return CLI::Validator([](std::string& name) { return VersionedNameProblem(name); }, "NAME");
}

}  // namespace acctseg::cli
