#include "common/did_you_mean.h"

#include <algorithm>

#include "common/ascii_case.h"

namespace acctseg {

namespace {
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}
// The one candidate that is `word` with words added before its last part
// ("touchpoint.title" for "touchpoint.contact_title", "title" for
// "contact_title"): a shortened name, which edit distance ranks below any
// short name of about the same letters ("type"). "" when none or several.
std::string LongerFormOf(const std::string& word, const std::vector<std::string>& candidates) {
  const size_t dot = word.rfind('.');
  const std::string prefix = dot == std::string::npos ? "" : word.substr(0, dot + 1);
  const std::string ending = "_" + word.substr(prefix.size());
  if (ending.size() < 4) return "";  // "_id" and the like end too many names
  std::string found;
  for (const std::string& candidate : candidates) {
    if (candidate.size() < prefix.size() + ending.size() + 1 ||
        candidate.compare(0, prefix.size(), prefix) != 0 ||
        candidate.compare(candidate.size() - ending.size(), ending.size(), ending) != 0 ||
        candidate.find('.', prefix.size()) != std::string::npos)
      continue;
    if (!found.empty()) return "";
    found = candidate;
  }
  return found;
}

}  // namespace

std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  // The same name in another case is the slip ("S" for the column "s"):
  // edit distance ranks it with every other one-letter name.
  const std::string word_folded = AsciiLower(word);
  for (const auto& candidate : candidates)
    if (candidate != word && AsciiLower(candidate) == word_folded) return candidate;
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  // A one-letter slip stays the best guess; past that, a longer form of
  // the word beats a short name of about the same letters.
  if (best_distance <= 1) return best;
  if (std::string longer = LongerFormOf(word, candidates); !longer.empty()) return longer;
  return best;
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates,
                       SuggestionStyle style) {
  std::string near = ClosestMatch(word, candidates);
  if (near.empty()) return "";
  if (style == SuggestionStyle::kQuoted) near = "\"" + near + "\"";
  return " (did you mean " + near + "?)";
}

}  // namespace acctseg
