#include "quality/text_fold.h"

#include <algorithm>

namespace acctseg {

namespace {

// What one code point does to the folded text.
enum class Role { kKeep, kVanish, kSeparate };

Role RoleOf(uint32_t cp) {
  if (cp == '\'' || cp == '.' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) return Role::kVanish;
  if (cp >= 0x0300 && cp <= 0x036F) return Role::kVanish;  // combining accents (decomposed text)
  if (cp < 0x80) {
    const bool alnum =
        (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return alnum ? Role::kKeep : Role::kSeparate;
  }
  // Latin-1 punctuation and symbols, × and ÷, general punctuation, letter-like
  // symbols (™), the ideographic space and CJK punctuation.
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x215F) ||
      (cp >= 0x3000 && cp <= 0x303F) || cp == UINT32_MAX)
    return Role::kSeparate;
  return Role::kKeep;
}

const char* FoldedForm(uint32_t cp) {
  const FoldEntry* end = kFoldTable + kFoldTableSize;
  const FoldEntry* it = std::lower_bound(
      kFoldTable, end, cp, [](const FoldEntry& e, uint32_t value) { return e.code_point < value; });
  return it != end && it->code_point == cp ? it->folded : nullptr;
}

}  // namespace

void FoldText(std::string_view text, std::string& out) {
  const size_t start = out.size();
  bool pending_space = false;  // a separator seen since the last kept character
  const auto word = [&](std::string_view piece) {
    if (pending_space && out.size() > start) out.push_back(' ');
    pending_space = false;
    out.append(piece);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t begin = pos;
    uint32_t cp = DecodeUtf8(text, &pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // fullwidth forms: ＵＳＡ → USA
    if (cp == '&') {
      pending_space = true;
      word("and");
      pending_space = true;
      continue;
    }
    switch (RoleOf(cp)) {
      case Role::kVanish:
        break;
      case Role::kSeparate:
        pending_space = true;
        break;
      case Role::kKeep:
        if (cp < 0x80) {
          const char c = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
          word(std::string_view(&c, 1));
        } else if (const char* folded = FoldedForm(cp)) {
          word(folded);
        } else {
          word(text.substr(begin, pos - begin));  // a letter of another script, as written
        }
        break;
    }
  }
}

}  // namespace acctseg
