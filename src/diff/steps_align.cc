// Explanation steps of the two sides of a moved account, paired by label.
#include <algorithm>
#include <cctype>
#include <string>

#include "diff/render_internal.h"

namespace acctseg {
namespace {

std::vector<ExplainedStep> StepsOf(const nlohmann::json& explanation) {
  std::vector<ExplainedStep> steps;
  if (!explanation.is_object()) return steps;
  auto found = explanation.find("steps");
  if (found == explanation.end() || !found->is_array()) return steps;
  for (const nlohmann::json& step : *found) {
    if (!step.is_object()) continue;
    ExplainedStep& view = steps.emplace_back();
    if (auto label = step.find("label"); label != step.end() && label->is_string())
      view.label = label->get<std::string>();
    if (auto summary = step.find("summary"); summary != step.end() && summary->is_string())
      view.summary = summary->get<std::string>();
    if (auto outputs = step.find("outputs"); outputs != step.end()) view.outputs = *outputs;
  }
  return steps;
}

// "classify own_segment (policy.yaml:42)" -> "classify own_segment".
std::string_view WithoutLocation(std::string_view label) {
  if (label.empty() || label.back() != ')') return label;
  size_t open = label.rfind(" (");
  return open == std::string_view::npos ? label : label.substr(0, open);
}

// Whether `inside` (what a pair of parentheses holds) is a place in a
// file: "policy.yaml:53:11" or "policy.yaml:42", no spaces.
bool IsLocation(std::string_view inside) {
  if (inside.empty() || inside.find_first_of(" ()") != std::string_view::npos) return false;
  size_t colons = 0;
  size_t end = inside.size();
  while (colons < 2 && end > 0 && std::isdigit(static_cast<unsigned char>(inside[end - 1]))) {
    while (end > 0 && std::isdigit(static_cast<unsigned char>(inside[end - 1]))) --end;
    if (end == 0) return false;  // "(12:30)": a time, not a file's place
    if (inside[end - 1] != ':') return colons > 0;
    --end;
    ++colons;
  }
  return colons > 0 && end > 0;
}

// A step's summary without the places in the policy it names ("rule 5
// (policy.yaml:53:11)"): the same rule read from the edited copy of a
// policy, or after lines moved, is no difference.
std::string WithoutLocations(std::string_view summary) {
  std::string kept;
  size_t at = 0;
  while (at < summary.size()) {
    const size_t open = summary.find(" (", at);
    const size_t close = open == std::string_view::npos ? open : summary.find(')', open);
    if (close == std::string_view::npos) break;
    kept.append(summary.substr(at, open - at));
    if (!IsLocation(summary.substr(open + 2, close - open - 2)))
      kept.append(summary.substr(open, close + 1 - open));
    at = close + 1;
  }
  kept.append(summary.substr(std::min(at, summary.size())));
  return kept;
}

}  // namespace

std::vector<StepPair> AlignSteps(const MovedAccount& account) {
  std::vector<ExplainedStep> before = StepsOf(account.explanation_before);
  std::vector<ExplainedStep> after = StepsOf(account.explanation_after);
  // Longest common subsequence of the labels; policies have tens of steps.
  size_t rows = before.size(), columns = after.size();
  std::vector<uint32_t> common((rows + 1) * (columns + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return common[i * (columns + 1) + j]; };
  for (size_t i = rows; i-- > 0;)
    for (size_t j = columns; j-- > 0;)
      at(i, j) = WithoutLocation(before[i].label) == WithoutLocation(after[j].label)
                     ? at(i + 1, j + 1) + 1
                     : std::max(at(i + 1, j), at(i, j + 1));

  std::string_view changed = WithoutLocation(account.changed_step);
  std::vector<StepPair> pairs;
  size_t i = 0, j = 0;
  while (i < rows || j < columns) {
    StepPair& pair = pairs.emplace_back();
    if (i < rows && j < columns &&
        WithoutLocation(before[i].label) == WithoutLocation(after[j].label)) {
      pair.before = std::move(before[i++]);
      pair.after = std::move(after[j++]);
      pair.differs =
          pair.before->outputs != pair.after->outputs ||
          WithoutLocations(pair.before->summary) != WithoutLocations(pair.after->summary);
    } else if (j == columns || (i < rows && at(i + 1, j) >= at(i, j + 1))) {
      pair.before = std::move(before[i++]);
      pair.differs = true;
    } else {
      pair.after = std::move(after[j++]);
      pair.differs = true;
    }
    const ExplainedStep& shown = pair.after ? *pair.after : *pair.before;
    pair.is_changed_step = !changed.empty() && WithoutLocation(shown.label) == changed;
  }
  return pairs;
}

}  // namespace acctseg
