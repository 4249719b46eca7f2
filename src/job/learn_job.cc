#include "job/learn_job.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "job/inputs.h"
#include "job/post_outcome.h"

namespace acctseg {

std::vector<learn::NamedColumn> RunColumns(const Execution& execution) {
  std::vector<learn::NamedColumn> columns;
  std::set<std::string> seen;
  const RowLines* lines = &execution.input->row_lines;
  auto add = [&](const std::string& name) {
    if (!seen.insert(name).second) return;
    if (auto column = execution.ColumnNamed(name)) columns.push_back({name, column, lines});
  };
  for (const std::string& name : execution.input->table.names()) add(name);
  for (const auto& step : execution.plan().steps())
    if (step->table == 0)
      for (const std::string& name : step->outputs()) add(name);
  return columns;
}

LearnData PrepareLearnData(const LearnDataOptions& options) {
  LearnData data;
  static_cast<PolicyRun&>(data) = RunPolicyUnrecorded(options);
  data.post_outcome = PostOutcomeColumns(*data.plan);
  std::vector<learn::NamedColumn> columns = RunColumns(*data.execution);
  // --exclude names columns, like --features: a misspelt one left the
  // column it meant among the features without a word.
  for (const std::string& name : options.frame.exclude) {
    learn::Require(columns, name, "--exclude:");
    const std::vector<std::string>& features = options.frame.features;
    if (std::find(features.begin(), features.end(), name) != features.end())
      throw Error(ErrorKind::kUsage,
                  "\"" + name + "\" is both in --features and in --exclude: name it in one");
  }
  learn::FrameSpec spec = options.frame;
  std::vector<std::string> left_out;  // notes: post_outcome columns named in --features
  for (const PostOutcomeColumn& late : data.post_outcome) {
    const std::string& name = late.name;
    // A post-outcome column is never a feature, even when named.
    if (std::find(spec.features.begin(), spec.features.end(), name) != spec.features.end())
      left_out.push_back("--features names \"" + name + "\", " + late.Why() + ": left out");
    spec.features.erase(std::remove(spec.features.begin(), spec.features.end(), name),
                        spec.features.end());
    spec.exclude.push_back(name);
    spec.exclude_reasons[name] = "it is " + late.Why();
  }
  if (!options.frame.features.empty() && spec.features.empty())
    throw Error(ErrorKind::kUsage,
                "every column in --features is post_outcome (declared post_outcome: true, or "
                "computed from such a column)");
  if (spec.id.empty()) spec.id = data.plan->key_column();
  const std::string accounts =
      ResolveInputPaths(options.inputs, data.plan->inputs()).at(data.plan->input_name());
  spec.source = accounts == "-" ? "standard input" : accounts;
  data.build = learn::BuildLearningFrame(columns, spec);
  data.build.notes.insert(data.build.notes.end(), left_out.begin(), left_out.end());
  return data;
}

}  // namespace acctseg
