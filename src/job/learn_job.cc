#include "job/learn_job.h"

#include <algorithm>
#include <set>

#include "common/error.h"
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
  std::string left_out;  // post_outcome columns named in --features
  for (const std::string& name : data.post_outcome) {
    // A declared post-outcome column is never a feature, even when named.
    if (std::find(spec.features.begin(), spec.features.end(), name) != spec.features.end())
      left_out += (left_out.empty() ? "\"" : ", \"") + name + "\"";
    spec.features.erase(std::remove(spec.features.begin(), spec.features.end(), name),
                        spec.features.end());
    spec.exclude.push_back(name);
  }
  if (!options.frame.features.empty() && spec.features.empty())
    throw Error(ErrorKind::kUsage, "every column in --features is declared post_outcome: true");
  if (spec.id.empty()) spec.id = data.plan->key_column();
  data.build = learn::BuildLearningFrame(columns, spec);
  if (!left_out.empty())
    data.build.notes.push_back("--features names " + left_out +
                               ", declared post_outcome: true: left out");
  return data;
}

}  // namespace acctseg
