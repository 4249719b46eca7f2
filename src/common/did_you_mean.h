// Suggestions for a mistyped name: the one place that decides which known
// name is close enough to offer, and how the offer is worded, so every
// "unknown X" message in acctseg reads the same way.
#pragma once

#include <string>
#include <vector>

namespace acctseg {

// The closest of `candidates` to `word` by edit distance when it is one
// edit away; else the one candidate that is `word` with words added before
// its last part ("contact_title" for "title", "touchpoint.contact_title"
// for "touchpoint.title"); else the closest by edit distance, or "" if none
// is close enough to suggest (more than a third of the word, and at least
// two edits, away). Ties go to the earlier candidate.
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates);

// How the suggested name is written: quoted for columns, keys and tables
// (`"employees"`), bare for function names (`COALESCE`), as the policy
// writes them.
enum class SuggestionStyle { kQuoted, kBare };

// The hint to append to an "unknown ..." message: ` (did you mean "x"?)`, or
// "" when no candidate is close enough (callers with a fallback hint, like
// "expected one of: ...", test for "").
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates,
                       SuggestionStyle style = SuggestionStyle::kQuoted);

}  // namespace acctseg
