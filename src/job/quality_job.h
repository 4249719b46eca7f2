// The quality job: run a policy over its inputs without recording it and
// report on the data (report/quality_report.h). Values a real run would
// stop on (invalid values, keys without a match under `unmatched: error`)
// are counted instead, so the report works on the data a run rejects;
// a repeated key still stops it.
// Errors: acctseg::Error (policy, input, usage, io), as `run`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "report/quality_report.h"

namespace acctseg {

struct QualityJobOptions {
  std::string policy_path;
  std::vector<std::string> inputs;  // NAME=PATH or PATH
  int threads = 0;                  // 0 = all cores
  std::string as_of;                // --as-of: the date AS_OF stands for; "" = the policy's
  std::string output;               // the report's file ("-" or "": standard output)
  std::string store;                // where predict steps find models; "" = the default
  // Told, before the run, what the report cannot do as documented (a
  // policy with no issue code left: invalid values stop it); may be empty.
  std::function<void(const std::string&)> note;
};

QualityReport QualityJob(const QualityJobOptions& options);

}  // namespace acctseg
