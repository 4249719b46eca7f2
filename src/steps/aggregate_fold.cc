#include "steps/aggregate_fold.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "common/error.h"
#include "common/parallel.h"
#include "common/parallel_sort.h"
#include "common/wrapping_add.h"

namespace acctseg {

bool FoldOpNamed(std::string_view name, FoldOp* op) {
  static const std::pair<std::string_view, FoldOp> kOps[] = {
      {"COUNT", FoldOp::kCount},
      {"COUNT_IF", FoldOp::kCountIf},
      {"SUM", FoldOp::kSum},
      {"SUM_IF", FoldOp::kSum},
      {"MIN", FoldOp::kMin},
      {"MIN_IF", FoldOp::kMin},
      {"MAX", FoldOp::kMax},
      {"MAX_IF", FoldOp::kMax},
      {"AVG", FoldOp::kAverage},
      {"COUNT_DISTINCT", FoldOp::kCountDistinct},
      {"ANY", FoldOp::kAny},
      {"ALL", FoldOp::kAll},
      {"FIRST", FoldOp::kFirst},
      {"LAST", FoldOp::kLast},
      {"LIST_DISTINCT", FoldOp::kListDistinct}};
  for (const auto& [n, o] : kOps)
    if (n == name) {
      *op = o;
      return true;
    }
  return false;
}

AccountOfRow MapRowsToAccounts(const Column& key, const Column& account_key, int threads) {
  AccountOfRow map;
  map.key = &key;
  if (key.type.id == TypeId::kString) {
    std::vector<int32_t> row_of_code(account_key.dictionary->size(), -1);
    for (size_t row = 0; row < account_key.size(); ++row)
      if (!account_key.IsNull(row)) row_of_code[account_key.codes[row]] = static_cast<int32_t>(row);
    const size_t codes = key.dictionary->size();
    map.by_code.assign(codes, -1);
    ParallelRanges(codes, threads, kParallelGrain, [&](size_t begin, size_t end) {
      std::vector<uint32_t> found(end - begin);
      account_key.dictionary->FindEntriesOf(*key.dictionary, begin, end, found.data());
      for (size_t c = begin; c < end; ++c)
        if (found[c - begin] != UINT32_MAX) map.by_code[c] = row_of_code[found[c - begin]];
    });
    map.empty_code = key.dictionary->Find("");
    if (map.empty_code) map.by_code[*map.empty_code] = -1;
    return map;
  }
  std::unordered_map<int64_t, int32_t> row_of;
  row_of.reserve(account_key.size());
  for (size_t row = 0; row < account_key.size(); ++row)
    if (!account_key.IsNull(row)) row_of.emplace(account_key.ints[row], static_cast<int32_t>(row));
  map.by_row.assign(key.size(), -1);
  ParallelRanges(key.size(), threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      if (key.IsNull(row)) continue;
      auto it = row_of.find(key.ints[row]);
      if (it != row_of.end()) map.by_row[row] = it->second;
    }
  });
  return map;
}

namespace {

enum Flag : uint8_t { kHas = 1, kPickedNull = 2, kAnyTrue = 4, kAnyNotTrue = 8 };

bool UsesStrings(const FoldSpec& spec) {
  return spec.value && spec.value->type().id == TypeId::kString && spec.op != FoldOp::kCount;
}

// One worker's accumulators for one aggregate; which vectors are in use
// depends on the fold.
struct Accumulator {
  std::vector<int64_t> value;  // count, sum, extreme, FIRST/LAST's `by`
  // SUM's and AVG's: how many times 2^64 the exact sum is beyond `value`
  // (which wraps), made on the first wrap. Checked only when the sums are
  // whole, so a partial sum beyond the range (MAX, then 1, then -1) is no
  // error, on any thread count.
  std::vector<int64_t> carry;
  std::vector<int64_t> extra;   // AVG's count; FIRST/LAST's row + 1 (0: none yet)
  std::vector<int64_t> picked;  // FIRST/LAST's value (a number or a string code)
  std::vector<uint8_t> flags;
  std::unique_ptr<Dictionary> strings = std::make_unique<Dictionary>();
  std::vector<uint64_t> string_pairs;                      // distinct strings: account << 32 | code
  std::vector<std::pair<uint32_t, int64_t>> number_pairs;  // distinct numbers
  // Distinct strings while every one met has one of our first 64 codes
  // (products, competitors, regions: the usual lists): a bit per code in
  // `value`, so nothing grows per row and nothing needs sorting. The 65th
  // distinct string turns the bits into string_pairs for good.
  bool small_sets = false;

  void SpillSmallSets() {
    for (size_t account = 0; account < value.size(); ++account)
      for (uint64_t bits = static_cast<uint64_t>(value[account]); bits != 0; bits &= bits - 1)
        string_pairs.push_back(uint64_t(account) << 32 | uint64_t(__builtin_ctzll(bits)));
    value = std::vector<int64_t>();
    small_sets = false;
  }
  // A column's dictionary seen in the value vector, and its codes -> ours.
  const Dictionary* cached_dictionary = nullptr;
  std::vector<uint32_t> cached_codes;

  void Add(size_t account, int64_t addend) {
    const int wrap = WrappingAdd(value[account], addend);
    if (wrap == 0) return;
    if (carry.empty()) carry.assign(value.size(), 0);
    carry[account] += wrap;
  }
  // The exact sum of `account`.
  __int128 Sum(size_t account) const {
    const __int128 wraps = carry.empty() ? 0 : carry[account];
    return wraps * (static_cast<__int128>(1) << 64) + value[account];
  }

  // Our code of the string at row i of `v`; a column's values are interned
  // once per distinct value, not once per row.
  uint32_t Code(const Vector& v, size_t i) {
    if (!v.dictionary || v.codes.empty()) return strings->Intern(v.str[i]);
    if (v.dictionary != cached_dictionary) {
      cached_dictionary = v.dictionary;
      cached_codes.assign(v.dictionary->size(), UINT32_MAX);
    }
    uint32_t& code = cached_codes[v.codes[i]];
    if (code == UINT32_MAX) code = strings->Intern(v.str[i]);
    return code;
  }
};

void SizeFor(const FoldSpec& spec, size_t accounts, Accumulator& a) {
  a.flags.assign(accounts, 0);
  switch (spec.op) {
    case FoldOp::kAny:
    case FoldOp::kAll:
    case FoldOp::kCountDistinct:
    case FoldOp::kListDistinct:
      if (UsesStrings(spec)) {
        a.value.assign(accounts, 0);
        a.small_sets = true;
      }
      return;
    case FoldOp::kAverage:
      a.extra.assign(accounts, 0);
      break;
    case FoldOp::kFirst:
    case FoldOp::kLast:
      a.extra.assign(accounts, 0);
      a.picked.assign(accounts, 0);
      break;
    default:
      break;
  }
  a.value.assign(accounts, 0);
}

const Vector& Evaluate(const BoundExpr& expr, const Batch& batch) {
  Vector& out = batch.scratch.vectors[expr.id()];
  expr.Eval(batch, out);
  return out;
}

bool IsTrue(const Vector* condition, size_t i) {
  return !condition || (!condition->null[i] && condition->num[i] != 0);
}

// Whether (by, row) beats the account's current pick.
bool Beats(FoldOp op, int64_t by, size_t row, int64_t current_by, int64_t current_row_plus_1) {
  if (current_row_plus_1 == 0) return true;
  size_t current_row = static_cast<size_t>(current_row_plus_1 - 1);
  if (op == FoldOp::kFirst) return by < current_by || (by == current_by && row < current_row);
  return by > current_by || (by == current_by && row > current_row);
}

// How many rows ahead the folds prefetch the accounts' accumulators (and
// the fold its rows' accounts): related rows name accounts at random, so
// each row's accumulators are cache misses, and a row loop with a switch
// in it keeps too few of them in flight by itself (the misses were ~80% of
// the fold's time at 10M accounts).
constexpr size_t kPrefetchRows = 16;

void PrefetchAccount(const Accumulator& a, int32_t account) {
  if (account < 0) return;
  if (!a.value.empty()) __builtin_prefetch(&a.value[account], 1);
  __builtin_prefetch(&a.flags[account], 1);
}

void FoldBatch(const FoldSpec& spec, Accumulator& a, const Batch& batch,
               const int32_t* account_of_row) {
  const Vector* value = spec.value ? &Evaluate(*spec.value, batch) : nullptr;
  const Vector* condition = spec.condition ? &Evaluate(*spec.condition, batch) : nullptr;
  const Vector* order = spec.order ? &Evaluate(*spec.order, batch) : nullptr;
  const bool strings = UsesStrings(spec);
  for (size_t i = 0; i < std::min(batch.count, kPrefetchRows); ++i)
    PrefetchAccount(a, account_of_row[i]);
  for (size_t i = 0; i < batch.count; ++i) {
    if (i + kPrefetchRows < batch.count) PrefetchAccount(a, account_of_row[i + kPrefetchRows]);
    const int32_t account = account_of_row[i];
    if (account < 0) continue;
    const bool counts = IsTrue(condition, i) && !(value && value->null[i]);
    uint8_t& flags = a.flags[account];
    switch (spec.op) {
      case FoldOp::kCount:
      case FoldOp::kCountIf:
        a.value[account] += counts;
        break;
      case FoldOp::kSum:
        if (!counts) break;
        a.Add(account, value->num[i]);
        flags |= kHas;
        break;
      case FoldOp::kAverage:
        if (!counts) break;
        a.Add(account, value->num[i]);
        ++a.extra[account];
        flags |= kHas;
        break;
      case FoldOp::kMin:
      case FoldOp::kMax: {
        if (!counts) break;
        const bool max = spec.op == FoldOp::kMax;
        int64_t& current = a.value[account];
        if (strings) {
          if (flags & kHas) {
            std::string_view now = a.strings->Get(static_cast<uint32_t>(current));
            if (max ? !(value->str[i] > now) : !(value->str[i] < now)) break;
          }
          current = a.Code(*value, i);
        } else {
          const int64_t v = value->num[i];
          if ((flags & kHas) && (max ? v <= current : v >= current)) break;
          current = v;
        }
        flags |= kHas;
        break;
      }
      case FoldOp::kCountDistinct:
      case FoldOp::kListDistinct:
        if (!counts) break;
        if (strings) {
          const uint32_t code = a.Code(*value, i);
          if (a.small_sets && code < 64) {
            uint64_t bits = static_cast<uint64_t>(a.value[account]) | uint64_t{1} << code;
            a.value[account] = static_cast<int64_t>(bits);
            break;
          }
          if (a.small_sets) a.SpillSmallSets();
          uint64_t pair = uint64_t(uint32_t(account)) << 32 | code;
          if (a.string_pairs.empty() || a.string_pairs.back() != pair)
            a.string_pairs.push_back(pair);
        } else {
          std::pair<uint32_t, int64_t> pair{uint32_t(account), value->num[i]};
          if (a.number_pairs.empty() || a.number_pairs.back() != pair)
            a.number_pairs.push_back(pair);
        }
        break;
      case FoldOp::kAny:
        if (IsTrue(condition, i)) flags |= kAnyTrue;
        break;
      case FoldOp::kAll:
        if (!IsTrue(condition, i)) flags |= kAnyNotTrue;
        break;
      case FoldOp::kFirst:
      case FoldOp::kLast: {
        if (order->null[i]) break;
        const size_t row = batch.begin + i;
        if (!Beats(spec.op, order->num[i], row, a.value[account], a.extra[account])) break;
        a.value[account] = order->num[i];
        a.extra[account] = static_cast<int64_t>(row) + 1;
        if (value->null[i]) {
          flags |= kPickedNull;
        } else {
          flags &= ~kPickedNull;
          a.picked[account] = strings ? a.Code(*value, i) : value->num[i];
        }
        break;
      }
    }
  }
}

// Every worker's strings in one dictionary; code_maps[w][c] is the merged
// code of worker w's code c. Worker 0's codes stay as they are.
std::shared_ptr<Dictionary> MergeStrings(std::vector<Accumulator*>& workers,
                                         std::vector<std::vector<uint32_t>>& code_maps) {
  auto merged = std::make_shared<Dictionary>();
  code_maps.resize(workers.size());
  for (size_t w = 0; w < workers.size(); ++w) {
    const Dictionary& own = *workers[w]->strings;
    code_maps[w].resize(own.size());
    for (uint32_t c = 0; c < own.size(); ++c) code_maps[w][c] = merged->Intern(own.Get(c));
  }
  return merged;
}

// Folds worker `from` into `into` for accounts [begin, end); string codes
// are already merged ones.
// Sums that wrap, and `from`'s carries, go to `wraps` (account, times
// 2^64) for the caller to add: the carries are made on the first wrap,
// which one range must not do while others read them.
void MergeRange(const FoldSpec& spec, const Dictionary* merged, Accumulator& into,
                const Accumulator& from, size_t begin, size_t end,
                std::vector<std::pair<size_t, int64_t>>& wraps) {
  const bool strings = UsesStrings(spec);
  for (size_t account = begin; account < end; ++account) {
    const uint8_t theirs = from.flags.empty() ? 0 : from.flags[account];
    uint8_t& ours = into.flags[account];
    switch (spec.op) {
      case FoldOp::kCount:
      case FoldOp::kCountIf:
        into.value[account] += from.value[account];
        break;
      case FoldOp::kSum:
      case FoldOp::kAverage:
        if (!(theirs & kHas)) break;
        if (const int wrap = WrappingAdd(into.value[account], from.value[account]))
          wraps.emplace_back(account, wrap);
        if (!from.carry.empty() && from.carry[account] != 0)
          wraps.emplace_back(account, from.carry[account]);
        if (spec.op == FoldOp::kAverage) into.extra[account] += from.extra[account];
        ours |= kHas;
        break;
      case FoldOp::kMin:
      case FoldOp::kMax: {
        if (!(theirs & kHas)) break;
        const bool max = spec.op == FoldOp::kMax;
        int64_t mine = into.value[account], other = from.value[account];
        bool take;
        if (!(ours & kHas)) {
          take = true;
        } else if (strings) {
          std::string_view a = merged->Get(uint32_t(mine)), b = merged->Get(uint32_t(other));
          take = max ? b > a : b < a;
        } else {
          take = max ? other > mine : other < mine;
        }
        if (take) into.value[account] = other;
        ours |= kHas;
        break;
      }
      case FoldOp::kAny:
      case FoldOp::kAll:
        ours |= theirs;
        break;
      case FoldOp::kFirst:
      case FoldOp::kLast:
        if (from.extra[account] == 0) break;
        if (!Beats(spec.op, from.value[account], size_t(from.extra[account] - 1),
                   into.value[account], into.extra[account]))
          break;
        into.value[account] = from.value[account];
        into.extra[account] = from.extra[account];
        into.picked[account] = from.picked[account];
        ours = static_cast<uint8_t>((ours & ~kPickedNull) | (theirs & kPickedNull));
        break;
      case FoldOp::kCountDistinct:
      case FoldOp::kListDistinct:
        break;
    }
  }
}

// A string column over the accounts from merged codes, with only the values
// in use in its dictionary (in order of first use).
std::shared_ptr<Column> StringColumn(const std::vector<int64_t>& codes,
                                     const std::vector<uint8_t>& present,
                                     const Dictionary& merged) {
  const size_t n = present.size();
  auto column = std::make_shared<Column>(Column::Make(DataType::String(), n, true));
  auto dictionary = std::make_shared<Dictionary>();
  std::vector<uint32_t> compact(merged.size(), UINT32_MAX);
  for (size_t row = 0; row < n; ++row) {
    if (!present[row]) {
      column->nulls.Set(row, true);
      continue;
    }
    uint32_t& code = compact[codes[row]];
    if (code == UINT32_MAX) code = dictionary->Intern(merged.Get(uint32_t(codes[row])));
    column->codes.Set(row, code);
  }
  if (dictionary->size() == 0) dictionary->Intern("");
  column->dictionary = dictionary;
  column->Narrow();
  return column;
}

std::shared_ptr<Column> NumberColumn(DataType type, const std::vector<int64_t>& values,
                                     const std::vector<uint8_t>& present) {
  const size_t n = present.size();
  auto column = std::make_shared<Column>(Column::Make(type, n, true));
  bool any_null = false;
  for (size_t row = 0; row < n; ++row) {
    column->nulls.Set(row, !present[row]);
    any_null |= !present[row];
    column->ints.Set(row, present[row] ? values[row] : 0);
  }
  if (!any_null) column->nulls.clear();
  column->Narrow();
  return column;
}

// AVG: sum / count at the result's scale, rounded half away from zero;
// false when that is beyond 64 bits. sum x 10^d = (q x 10^d + q2) x count
// + r2, where sum = q x count + r and r x 10^d = q2 x count + r2: the
// truncated quotient of the scaled sum, without scaling a sum that may be
// near 2^127.
bool Average(__int128 sum, int64_t count, int extra_digits, int64_t* average) {
  __int128 quotient = sum / count, remainder = sum % count;
  for (int d = 0; d < extra_digits; ++d) {
    if (quotient > INT64_MAX || quotient < INT64_MIN) return false;
    quotient *= 10;
    remainder *= 10;  // |remainder| < count < 2^63: 10^18 of it fits
  }
  quotient += remainder / count;
  remainder %= count;
  if (remainder != 0 && 2 * (remainder < 0 ? -remainder : remainder) >= count)
    quotient += sum < 0 ? -1 : 1;
  if (quotient > INT64_MAX || quotient < INT64_MIN) return false;
  *average = static_cast<int64_t>(quotient);
  return true;
}

// The text of LIST_DISTINCT: the values (given by rank, ascending) joined.
template <typename Ranks>
void JoinRanks(const FoldSpec& spec, const Dictionary& merged, const std::vector<uint32_t>& by_text,
               Ranks&& ranks, std::string& text) {
  text.clear();
  bool first = true;  // not text.empty(): '' is a value too, and sorts first
  ranks([&](uint32_t r) {
    if (!first) text += spec.separator;
    first = false;
    text += merged.Get(by_text[r]);
  });
}

// LIST_DISTINCT and COUNT_DISTINCT when every worker kept bit sets and at
// most 64 strings were met in all: each account's bits in rank order, ORed
// over the workers; no pairs, no sort.
std::shared_ptr<Column> SmallSetColumn(const FoldSpec& spec, std::vector<Accumulator*>& workers,
                                       const std::vector<std::vector<uint32_t>>& code_maps,
                                       const Dictionary& merged,
                                       const std::vector<uint32_t>& by_text,
                                       const std::vector<uint32_t>& rank, size_t accounts,
                                       int threads) {
  std::vector<std::vector<uint32_t>> rank_of(workers.size());  // worker code -> rank
  for (size_t w = 0; w < workers.size(); ++w)
    for (uint32_t code : code_maps[w]) rank_of[w].push_back(rank[code]);
  std::vector<uint64_t> sets(accounts, 0);
  ParallelRanges(accounts, threads, kParallelGrain, [&](size_t begin, size_t end) {
    for (size_t account = begin; account < end; ++account) {
      uint64_t set = 0;
      for (size_t w = 0; w < workers.size(); ++w)
        for (uint64_t bits = static_cast<uint64_t>(workers[w]->value[account]); bits != 0;
             bits &= bits - 1)
          set |= uint64_t{1} << rank_of[w][__builtin_ctzll(bits)];
      sets[account] = set;
    }
  });
  if (spec.op == FoldOp::kCountDistinct) {
    std::vector<int64_t> counts(accounts);
    for (size_t account = 0; account < accounts; ++account)
      counts[account] = __builtin_popcountll(sets[account]);
    return NumberColumn(DataType::Int64(), counts, std::vector<uint8_t>(accounts, 1));
  }
  auto column = std::make_shared<Column>(Column::Make(DataType::String(), accounts, true));
  auto dictionary = std::make_shared<Dictionary>();
  std::unordered_map<uint64_t, uint32_t> code_of_set;  // few distinct lists
  std::string text;
  for (size_t account = 0; account < accounts; ++account) {
    const uint64_t set = sets[account];
    column->nulls.Set(account, set == 0);
    if (set == 0) continue;
    auto [it, fresh] = code_of_set.try_emplace(set, 0);
    if (fresh) {
      JoinRanks(
          spec, merged, by_text,
          [&](auto&& each) {
            for (uint64_t bits = set; bits != 0; bits &= bits - 1)
              each(static_cast<uint32_t>(__builtin_ctzll(bits)));
          },
          text);
      it->second = dictionary->Intern(text);
    }
    column->codes.Set(account, it->second);
  }
  if (dictionary->size() == 0) dictionary->Intern("");
  column->dictionary = dictionary;
  column->Narrow();
  return column;
}

// LIST_DISTINCT and COUNT_DISTINCT from every worker's (account, value)
// pairs: sorted, de-duplicated, then read account by account.
std::shared_ptr<Column> DistinctColumn(const FoldSpec& spec, std::vector<Accumulator*>& workers,
                                       const std::vector<std::vector<uint32_t>>& code_maps,
                                       const Dictionary* merged, size_t accounts, int threads) {
  const bool list = spec.op == FoldOp::kListDistinct;
  std::vector<uint64_t> keys;  // account << 32 | rank (strings) or index (numbers)
  std::vector<std::pair<uint32_t, int64_t>> numbers;
  if (UsesStrings(spec)) {
    // Rank of each merged code in byte order, so a sorted account run lists
    // its values sorted.
    std::vector<uint32_t> by_text(merged->size());
    for (uint32_t c = 0; c < by_text.size(); ++c) by_text[c] = c;
    std::sort(by_text.begin(), by_text.end(),
              [&](uint32_t a, uint32_t b) { return merged->Get(a) < merged->Get(b); });
    std::vector<uint32_t> rank(by_text.size());
    for (uint32_t r = 0; r < by_text.size(); ++r) rank[by_text[r]] = r;
    bool small_sets = merged->size() <= 64;
    for (Accumulator* w : workers) small_sets &= w->small_sets;
    if (small_sets)
      return SmallSetColumn(spec, workers, code_maps, *merged, by_text, rank, accounts, threads);
    for (Accumulator* w : workers)
      if (w->small_sets) w->SpillSmallSets();
    for (size_t w = 0; w < workers.size(); ++w)
      for (uint64_t pair : workers[w]->string_pairs)
        keys.push_back((pair >> 32) << 32 | rank[code_maps[w][uint32_t(pair)]]);
    ParallelSort(keys, threads, std::less<uint64_t>());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (!list) {
      std::vector<int64_t> counts(accounts, 0);
      for (uint64_t key : keys) ++counts[key >> 32];
      return NumberColumn(DataType::Int64(), counts, std::vector<uint8_t>(accounts, 1));
    }
    auto column = std::make_shared<Column>(Column::Make(DataType::String(), accounts, true));
    auto dictionary = std::make_shared<Dictionary>();
    column->nulls.Fill(true);
    std::string text;
    for (size_t i = 0; i < keys.size();) {
      const uint64_t account = keys[i] >> 32;
      JoinRanks(
          spec, *merged, by_text,
          [&](auto&& each) {
            for (; i < keys.size() && keys[i] >> 32 == account; ++i) each(uint32_t(keys[i]));
          },
          text);
      column->codes.Set(account, dictionary->Intern(text));
      column->nulls.Set(account, false);
    }
    if (dictionary->size() == 0) dictionary->Intern("");
    column->dictionary = dictionary;
    column->Narrow();
    return column;
  }
  for (Accumulator* w : workers)
    numbers.insert(numbers.end(), w->number_pairs.begin(), w->number_pairs.end());
  ParallelSort(numbers, threads, std::less<std::pair<uint32_t, int64_t>>());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::vector<int64_t> counts(accounts, 0);
  for (const auto& [account, v] : numbers) ++counts[account];
  return NumberColumn(DataType::Int64(), counts, std::vector<uint8_t>(accounts, 1));
}

std::shared_ptr<const Column> Finish(const FoldSpec& spec, size_t spec_index,
                                     std::vector<Accumulator*>& workers, size_t accounts,
                                     int threads) {
  std::vector<std::vector<uint32_t>> code_maps;
  std::shared_ptr<Dictionary> merged;
  const bool distinct = spec.op == FoldOp::kCountDistinct || spec.op == FoldOp::kListDistinct;
  if (UsesStrings(spec)) {
    merged = MergeStrings(workers, code_maps);
    // Codes held per account (extremes, FIRST/LAST picks) become merged ones.
    // Distinct folds hold bit sets or pairs of worker codes: DistinctColumn
    // maps those itself.
    for (size_t w = 1; !distinct && w < workers.size(); ++w) {
      Accumulator& a = *workers[w];
      const bool picks = spec.op == FoldOp::kFirst || spec.op == FoldOp::kLast;
      std::vector<int64_t>& held = picks ? a.picked : a.value;
      if (held.empty()) continue;
      for (size_t account = 0; account < accounts; ++account) {
        bool holds = picks ? a.extra[account] != 0 && !(a.flags[account] & kPickedNull)
                           : (a.flags[account] & kHas) != 0;
        if (holds) held[account] = code_maps[w][uint32_t(held[account])];
      }
    }
  }
  if (distinct) return DistinctColumn(spec, workers, code_maps, merged.get(), accounts, threads);
  Accumulator& result = *workers[0];
  for (size_t w = 1; w < workers.size(); ++w) {
    std::mutex wraps_mutex;
    std::vector<std::pair<size_t, int64_t>> wraps;
    ParallelRanges(accounts, threads, kParallelGrain, [&](size_t begin, size_t end) {
      std::vector<std::pair<size_t, int64_t>> mine;
      MergeRange(spec, merged.get(), result, *workers[w], begin, end, mine);
      if (mine.empty()) return;
      std::lock_guard<std::mutex> lock(wraps_mutex);
      wraps.insert(wraps.end(), mine.begin(), mine.end());
    });
    if (!wraps.empty() && result.carry.empty()) result.carry.assign(result.value.size(), 0);
    for (const auto& [account, times] : wraps) result.carry[account] += times;
  }
  std::vector<uint8_t> present(accounts, 0);
  switch (spec.op) {
    case FoldOp::kCount:
    case FoldOp::kCountIf:
      return NumberColumn(DataType::Int64(), result.value, std::vector<uint8_t>(accounts, 1));
    case FoldOp::kAny:
    case FoldOp::kAll: {
      std::vector<int64_t> truth(accounts);
      for (size_t i = 0; i < accounts; ++i)
        truth[i] = spec.op == FoldOp::kAny ? (result.flags[i] & kAnyTrue) != 0
                                           : (result.flags[i] & kAnyNotTrue) == 0;
      return NumberColumn(DataType::Bool(), truth, std::vector<uint8_t>(accounts, 1));
    }
    case FoldOp::kAverage: {
      const int extra_digits = spec.result.Scale() - spec.value->type().Scale();
      std::vector<int64_t> averages(accounts, 0);
      for (size_t i = 0; i < accounts; ++i) {
        present[i] = (result.flags[i] & kHas) != 0;
        if (present[i] && !Average(result.Sum(i), result.extra[i], extra_digits, &averages[i]))
          throw FoldRangeError(
              spec_index, i, "the average is out of range (" + NumberRangeText(spec.result) + ")");
      }
      return NumberColumn(spec.result, averages, present);
    }
    case FoldOp::kFirst:
    case FoldOp::kLast:
      for (size_t i = 0; i < accounts; ++i)
        present[i] = result.extra[i] != 0 && !(result.flags[i] & kPickedNull);
      return UsesStrings(spec) ? StringColumn(result.picked, present, *merged)
                               : NumberColumn(spec.result, result.picked, present);
    default:  // kSum, kMin, kMax
      for (size_t i = 0; i < accounts; ++i) {
        present[i] = (result.flags[i] & kHas) != 0;
        if (!result.carry.empty() && result.carry[i] != 0)
          throw FoldRangeError(spec_index, i, "the sum is out of range (beyond ±9.2e18 units)");
      }
      return UsesStrings(spec) ? StringColumn(result.value, present, *merged)
                               : NumberColumn(spec.result, result.value, present);
  }
}

}  // namespace

FoldResult Fold(const std::vector<FoldSpec>& specs, const BoundExpr* where, RunData& rows,
                const AccountOfRow& account_of, size_t accounts) {
  if (where) where->Prepare(rows);
  for (const FoldSpec& spec : specs)
    for (const BoundExpr* e : {spec.value, spec.condition, spec.order})
      if (e) e->Prepare(rows);
  // Each worker holds accumulators for every account (up to 25 bytes per
  // account and aggregate): past a few workers, memory grows faster than
  // the fold speeds up.
  constexpr int kMaxFoldWorkers = 8;
  RunData capped = rows;
  capped.threads = std::clamp(rows.threads, 1, kMaxFoldWorkers);
  const size_t workers = static_cast<size_t>(capped.threads);
  // Accumulators are sized on a worker's first batch: a worker that gets
  // none costs nothing.
  std::vector<std::vector<Accumulator>> accumulators(workers);
  struct Counts {
    uint64_t folded = 0, unmatched = 0, without_key = 0;
    std::vector<size_t> examples;
  };
  std::vector<Counts> counts(workers);
  constexpr size_t kExamples = 3;
  ForEachBatch(capped, [&](size_t worker, const Batch& batch) {
    std::vector<Accumulator>& mine = accumulators[worker];
    if (mine.empty()) {
      mine.resize(specs.size());
      for (size_t s = 0; s < specs.size(); ++s) SizeFor(specs[s], accounts, mine[s]);
    }
    Counts& count = counts[worker];
    const Vector* keep = nullptr;
    try {
      keep = where ? &Evaluate(*where, batch) : nullptr;
    } catch (const RowError& e) {
      throw e.Within("where");
    }
    int32_t account_of_row[kBatchRows];
    for (size_t i = 0; i < std::min(batch.count, kPrefetchRows); ++i)
      account_of.Prefetch(batch.begin + i);
    for (size_t i = 0; i < batch.count; ++i) {
      const size_t row = batch.begin + i;
      if (i + kPrefetchRows < batch.count) account_of.Prefetch(row + kPrefetchRows);
      int32_t account = account_of(row);
      if (account < 0) {
        if (account_of.NoKey(row)) {
          ++count.without_key;
        } else {
          ++count.unmatched;
          if (count.examples.size() < kExamples) count.examples.push_back(row);
        }
      } else if (!IsTrue(keep, i)) {
        account = -1;
      } else {
        ++count.folded;
      }
      account_of_row[i] = account;
    }
    for (size_t s = 0; s < specs.size(); ++s) {
      try {
        FoldBatch(specs[s], mine[s], batch, account_of_row);
      } catch (const RowError& e) {
        throw e.Within(specs[s].label);
      }
    }
  });
  FoldResult result;
  for (const Counts& c : counts) {
    result.rows_folded += c.folded;
    result.rows_unmatched += c.unmatched;
    result.rows_without_key += c.without_key;
    result.unmatched_examples.insert(result.unmatched_examples.end(), c.examples.begin(),
                                     c.examples.end());
  }
  std::sort(result.unmatched_examples.begin(), result.unmatched_examples.end());
  if (result.unmatched_examples.size() > kExamples) result.unmatched_examples.resize(kExamples);
  for (size_t s = 0; s < specs.size(); ++s) {
    std::vector<Accumulator*> used;
    for (auto& worker : accumulators)
      if (!worker.empty()) used.push_back(&worker[s]);
    Accumulator none;  // no rows at all: every account folds nothing
    if (used.empty()) {
      SizeFor(specs[s], accounts, none);
      used.push_back(&none);
    }
    result.columns.push_back(Finish(specs[s], s, used, accounts, rows.threads));
  }
  return result;
}

}  // namespace acctseg
