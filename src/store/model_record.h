// A trained model as the run store keeps it (versioned_record.h): who
// trained it, when, on what data, with which parameters and code, how well
// it did, and its bytes. Each save of "ptb" is the next version (ptb@1,
// ptb@2, ...), so a rollback is choosing the older version in the policy
// (`predict: {model: ptb@1}`). info holds "data" (each input's
// fingerprint, rows, wins), "params", "features", "metrics"
// (docs/learning.md, "Models"); the payload is the model itself
// (learn/propensity_model.h).
#pragma once

#include <string>

#include "store/versioned_record.h"

namespace acctseg {

using ModelRecord = VersionedRecord;
using ModelReference = VersionedReference;

// "ptb@2" -> {"ptb", 2}; "ptb" -> {"ptb", 0}; errors name the model.
inline ModelReference ParseModelReference(const std::string& text) {
  return ParseVersionedReference(text, "model");
}

}  // namespace acctseg
