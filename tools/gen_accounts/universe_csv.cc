#include "universe_csv.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "account_tables.h"
#include "common/parallel.h"

namespace gen_accounts {

namespace {

constexpr std::string_view kHeader =
    "account_id,name,parent_id,employees,annual_revenue,industry,country,state,sector,arr,"
    "products,web_visits_90d,active_users,intent_score,competitor\n";

// Lines formatted per task: blocks of a few MB, written with one fwrite each.
constexpr size_t kLinesPerBlock = 16384;
// How far ahead of the line being formatted its account is fetched.
constexpr size_t kPrefetchLines = 16;

// csv.QUOTE_MINIMAL quotes a field that holds the delimiter, the quote
// character or a line break.
constexpr bool NeedsQuotes(std::string_view field) {
  for (char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

// Lines are written through a raw cursor into a buffer sized for the longest
// possible line: at 100M lines, std::string's capacity check on every append
// costs more than the formatting. That bound rests on every table value
// being short and (but for the name's parts, which are quoted as a whole)
// needing no quotes.
constexpr size_t kMaxTableValueBytes = 32;
constexpr size_t kMaxNumberDigits = 20;
// Three words, a serial, two spaces and up to three more characters.
constexpr size_t kMaxRawNameBytes = 3 * kMaxTableValueBytes + kMaxNumberDigits + 5;
constexpr size_t kMaxNameBytes = 2 * kMaxRawNameBytes + 2;  // quoted, every character a quote
constexpr size_t kMaxLineBytes = 16 + 2 * (1 + kMaxNumberDigits) + kMaxNameBytes +
                                 6 * kMaxNumberDigits + 5 * kMaxTableValueBytes +
                                 5 * (2 + kMaxTableValueBytes);

template <typename Table>
constexpr bool ShortAndUnquoted(const Table& table) {
  for (const auto& entry : table) {
    std::string_view value;
    if constexpr (requires { entry.value; }) {
      value = entry.value;
    } else {
      value = entry;
    }
    if (value.size() > kMaxTableValueBytes || NeedsQuotes(value)) return false;
  }
  return true;
}
static_assert(ShortAndUnquoted(kIndustries) && ShortAndUnquoted(kCountries) &&
              ShortAndUnquoted(kUsStates) && ShortAndUnquoted(kCaProvinces) &&
              ShortAndUnquoted(kPublicSectors) && ShortAndUnquoted(kExtraProducts) &&
              ShortAndUnquoted(kCompetitors) && ShortAndUnquoted(kNameWordsA) &&
              ShortAndUnquoted(kNameWordsB) && ShortAndUnquoted(kNameSuffixes) &&
              kCoreProduct.size() <= kMaxTableValueBytes);

class TextCursor {
 public:
  explicit TextCursor(char* at) : at_(at) {}
  char* at() const { return at_; }

  void Put(char c) { *at_++ = c; }
  void Put(std::string_view text) {
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }
  void PutNumber(uint64_t value) { at_ = std::to_chars(at_, at_ + kMaxNumberDigits, value).ptr; }

  // f"A{id:09d}"
  void PutAccountId(uint64_t id) {
    char digits[kMaxNumberDigits];
    char* end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    Put('A');
    for (ptrdiff_t pad = 9 - (end - digits); pad > 0; --pad) Put('0');
    Put(std::string_view(digits, end - digits));
  }

  // A field as csv.QUOTE_MINIMAL writes it, quotes inside doubled.
  void PutField(std::string_view field) {
    if (!NeedsQuotes(field)) return Put(field);
    Put('"');
    for (char c : field) {
      if (c == '"') Put('"');
      Put(c);
    }
    Put('"');
  }

 private:
  char* at_;
};

// name_for(): "A B", 'A "B"' or "A, B", then the serial and the suffix.
void PutName(TextCursor& out, const Account& account, uint64_t serial) {
  char name[kMaxRawNameBytes];
  TextCursor raw(name);
  raw.Put(kNameWordsA[account.name_word_a]);
  switch (account.name_style) {
    case kQuotedWordName:
      raw.Put(" \"");
      raw.Put(kNameWordsB[account.name_word_b]);
      raw.Put('"');
      break;
    case kCommaName:
      raw.Put(", ");
      raw.Put(kNameWordsB[account.name_word_b]);
      break;
    default:
      raw.Put(' ');
      raw.Put(kNameWordsB[account.name_word_b]);
  }
  raw.Put(' ');
  raw.PutNumber(serial);
  std::string_view suffix = kNameSuffixes[account.name_suffix];
  if (!suffix.empty()) {
    raw.Put(' ');
    raw.Put(suffix);
  }
  out.PutField(std::string_view(name, raw.at() - name));
}

// "CORE", then the extra products, joined by ";" (or "; " in the few
// exports with stray spaces).
void PutProducts(TextCursor& out, const Account& account) {
  if (!account.is_customer) return;
  out.Put(kCoreProduct);
  std::string_view separator = account.products_spaced ? "; " : ";";
  for (size_t p = 0; p < kExtraProducts.size(); ++p) {
    if (account.extra_products & (1U << p)) {
      out.Put(separator);
      out.Put(kExtraProducts[p]);
    }
  }
}

std::string_view StateOf(const Account& account) {
  if (account.country == kUnitedStates) return kUsStates[account.state].value;
  if (account.country == kCanada) return kCaProvinces[account.state].value;
  return "";
}

std::string_view SectorOf(const Account& account) {
  return account.sector == 0 ? "private" : kPublicSectors[account.sector - 1].value;
}

void PutLine(TextCursor& out, const Account& account, uint64_t serial) {
  out.PutAccountId(account.id);
  out.Put(',');
  PutName(out, account, serial);
  out.Put(',');
  if (account.parent_id != 0) out.PutAccountId(account.parent_id);
  out.Put(',');
  if (!account.employees_blank) out.PutNumber(account.employees);
  out.Put(',');
  if (!account.revenue_blank) out.PutNumber(account.annual_revenue);
  out.Put(',');
  out.Put(kIndustries[account.industry].value);
  out.Put(',');
  out.Put(kCountries[account.country].value);
  out.Put(',');
  out.Put(StateOf(account));
  out.Put(',');
  out.Put(SectorOf(account));
  out.Put(',');
  out.PutNumber(account.arr);
  out.Put(',');
  PutProducts(out, account);
  out.Put(',');
  out.PutNumber(account.web_visits);
  out.Put(',');
  out.PutNumber(account.active_users);
  out.Put(',');
  if (!account.intent_blank) out.PutNumber(account.intent_score);
  out.Put(',');
  if (account.competitor != 0) out.Put(kCompetitors[account.competitor - 1]);
  out.Put('\n');
}

void Write(std::FILE* out, std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
    throw std::runtime_error("writing the CSV failed");
  }
}

}  // namespace

void WriteUniverseCsv(const Universe& universe, std::FILE* out, int threads) {
  Write(out, kHeader);
  const HugePageVector<uint32_t>& order = universe.file_order;
  size_t blocks = (order.size() + kLinesPerBlock - 1) / kLinesPerBlock;
  // A few blocks per thread are formatted together, then written in order.
  size_t blocks_per_round = 2 * static_cast<size_t>(std::max(threads, 1));
  std::vector<std::string> buffers(blocks_per_round,
                                   std::string(kLinesPerBlock * kMaxLineBytes, '\0'));
  std::vector<size_t> used(blocks_per_round);
  for (size_t round_start = 0; round_start < blocks; round_start += blocks_per_round) {
    size_t round_blocks = std::min(blocks_per_round, blocks - round_start);
    acctseg::ParallelFor(round_blocks, threads, [&](size_t i) {
      size_t begin = (round_start + i) * kLinesPerBlock;
      size_t end = std::min(order.size(), begin + kLinesPerBlock);
      TextCursor cursor(buffers[i].data());
      for (size_t line = begin; line < end; ++line) {
        // The file order is random, so every account is a cache miss unless
        // fetched ahead.
        if (line + kPrefetchLines < order.size()) {
          __builtin_prefetch(&universe.accounts[order[line + kPrefetchLines]]);
        }
        PutLine(cursor, universe.accounts[order[line]], order[line]);
      }
      used[i] = cursor.at() - buffers[i].data();
    });
    for (size_t i = 0; i < round_blocks; ++i) Write(out, {buffers[i].data(), used[i]});
  }
  if (std::fflush(out) != 0) throw std::runtime_error("writing the CSV failed");
}

}  // namespace gen_accounts
