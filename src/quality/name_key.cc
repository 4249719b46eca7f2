// NAME_KEY: a company name folded to its words, without the words that say
// what legal form it has, so "The Acme Corp., Inc." and "ACME corp" meet.
#include <algorithm>
#include <unordered_set>

#include "quality/embedded_data.h"
#include "quality/normalizers.h"
#include "quality/text_fold.h"

namespace acctseg {
namespace {

struct Suffixes {
  std::unordered_set<std::string, TextHash, std::equal_to<>> folded;  // "pty ltd", "llc"
  size_t most_words = 0;
};

Suffixes BuildSuffixes() {
  Suffixes suffixes;
  ForEachDataRecord(kLegalSuffixesTxt, false, [&](const std::vector<std::string>& fields) {
    std::string key;
    FoldText(fields[0], key);  // a suffix has no commas: one field
    if (key.empty()) return;
    suffixes.most_words = std::max(
        suffixes.most_words, static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1);
    suffixes.folded.insert(std::move(key));
  });
  return suffixes;
}

// The start of the last `words` words of `text` (words joined by one
// space), or npos when it has no more than that many words: the first word
// is never removed.
size_t LastWordsStart(std::string_view text, size_t words) {
  size_t pos = text.size();
  for (size_t k = 0; k < words; ++k) {
    pos = text.rfind(' ', pos == 0 ? 0 : pos - 1);
    if (pos == std::string_view::npos) return pos;
  }
  return pos + 1;
}

// Removes a trailing suffix of the most words first ("pty ltd" before
// "ltd"); true if one was removed.
bool RemoveOneSuffix(const Suffixes& suffixes, std::string& key) {
  for (size_t words = suffixes.most_words; words >= 1; --words) {
    const size_t start = LastWordsStart(key, words);
    if (start == std::string_view::npos) continue;
    if (suffixes.folded.count(std::string_view(key).substr(start))) {
      key.resize(start - 1);
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string_view> NameKey(std::string_view text, std::string& buffer) {
  static const Suffixes suffixes = BuildSuffixes();
  buffer.clear();
  FoldText(text, buffer);
  if (buffer.empty()) return std::nullopt;
  // First, so that "The Company" keeps "company" (the last word stays).
  if (buffer.starts_with("the ")) buffer.erase(0, 4);
  for (;;) {
    if (RemoveOneSuffix(suffixes, buffer)) continue;
    // "Smith & Co." leaves "smith and" once "co" goes: the dangling "and" goes too.
    if (buffer.size() > 4 && buffer.ends_with(" and")) {
      buffer.resize(buffer.size() - 4);
      continue;
    }
    break;
  }
  return std::string_view(buffer);
}

}  // namespace acctseg
