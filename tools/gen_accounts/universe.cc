#include "universe.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>

#include "account_tables.h"
#include "python_random.h"

namespace gen_accounts {

namespace {

// pick(rng, weighted(pairs)): the first value whose cumulative weight is at
// least random() * total (the script's binary search, which stops at the
// last value).
class WeightedPicker {
 public:
  explicit WeightedPicker(std::span<const WeightedValue> table) {
    double total = 0.0;
    for (const WeightedValue& entry : table) {
      total += entry.weight;
      cumulative_.push_back(total);
    }
  }

  size_t Pick(PythonRandom& rng) const {
    double x = rng.Random() * cumulative_.back();
    return std::lower_bound(cumulative_.begin(), cumulative_.end() - 1, x) - cumulative_.begin();
  }

 private:
  std::vector<double> cumulative_;
};

struct Pickers {
  WeightedPicker industries{kIndustries};
  WeightedPicker countries{kCountries};
  WeightedPicker us_states{kUsStates};
  WeightedPicker ca_provinces{kCaProvinces};
  WeightedPicker public_sectors{kPublicSectors};
};

// Python's int() of a non-negative float.
uint64_t Truncate(double x) {
  if (!(x < 0x1p63)) throw std::overflow_error("value too large for the account layout");
  return static_cast<uint64_t>(x);
}

// min(int(x), cap) for a non-negative float, without overflowing on a huge x.
uint64_t TruncateAtMost(double x, uint64_t cap) {
  return Truncate(std::min(x, static_cast<double>(cap)));
}

// Bit-field stores truncate silently; the script's arithmetic bounds these
// values, and a broken bound must not go unnoticed.
uint64_t Checked(uint64_t value, int bits) {
  if (value >> bits) throw std::overflow_error("value too large for the account layout");
  return value;
}

// family_sizes(): sizes summing to rows, mostly 1, with a heavy tail.
std::vector<uint32_t> FamilySizes(PythonRandom& rng, uint64_t rows) {
  uint64_t cap = std::max<uint64_t>(1, std::min<uint64_t>(20000, rows / 50));
  std::vector<uint32_t> sizes;
  for (uint64_t left = rows; left > 0;) {
    uint64_t size = 1;
    if (!(rng.Random() < 0.85)) {
      size = std::max<uint64_t>(2, TruncateAtMost(2 / std::pow(rng.Random(), 0.7), cap));
    }
    size = std::min(size, left);
    sizes.push_back(static_cast<uint32_t>(size));
    left -= size;
  }
  return sizes;
}

// name_for(): the words of the name; its serial is the account's index.
void DrawName(PythonRandom& rng, Account& account) {
  account.name_word_a = rng.ChoiceIndex(kNameWordsA.size());
  account.name_word_b = rng.ChoiceIndex(kNameWordsB.size());
  account.name_suffix = rng.ChoiceIndex(kNameSuffixes.size());
  double r = rng.Random();
  account.name_style = r < 0.02 ? kQuotedWordName : r < 0.06 ? kCommaName : kPlainName;
}

// The body of the script's family loop: one corporate family, its first
// account the root.
void DrawFamily(PythonRandom& rng, const Pickers& pickers, std::span<Account> family) {
  size_t country = pickers.countries.Pick(rng);
  size_t industry = pickers.industries.Pick(rng);
  bool is_public = rng.Random() < 0.07;
  size_t sector = is_public ? 1 + pickers.public_sectors.Pick(rng) : 0;
  // The family's total headcount, shared out to its members.
  double log_size = std::log(static_cast<double>(family.size()));
  uint64_t root_employees =
      std::max<uint64_t>(1, TruncateAtMost(std::exp(rng.Gauss(5.0 + 0.6 * log_size, 1.8)), 600000));

  for (size_t k = 0; k < family.size(); ++k) {
    Account& account = family[k];
    uint64_t employees = root_employees;
    size_t account_country = country;
    if (k > 0) {
      // Attached to the root or to an earlier member.
      size_t parent = rng.Random() < 0.55 ? 0 : rng.ChoiceIndex(k);
      account.parent_id = family[parent].id;
      double share = static_cast<double>(root_employees) * std::pow(rng.Random(), 3.0) * 0.8;
      employees = std::max<uint64_t>(1, Truncate(share));
      if (!(rng.Random() < 0.8)) account_country = pickers.countries.Pick(rng);
    }
    account.employees = employees;
    account.country = account_country;
    if (account_country == kUnitedStates) {
      account.state = pickers.us_states.Pick(rng);
    } else if (account_country == kCanada) {
      account.state = pickers.ca_provinces.Pick(rng);
    }
    account.sector = (k == 0 || rng.Random() < 0.95) ? sector : 0;
    account.industry = rng.Random() < 0.85 ? industry : pickers.industries.Pick(rng);

    bool is_customer = rng.Random() < (0.15 + 0.1 * (k == 0 ? 1.0 : 0.0));
    account.is_customer = is_customer;
    if (is_customer) {
      account.arr = Checked(Truncate(std::exp(rng.Gauss(10.3, 1.3))), 32);
      for (size_t p = 0; p < kExtraProducts.size(); ++p) {
        if (rng.Random() < 0.3) account.extra_products |= 1U << p;
      }
      account.products_spaced = rng.Random() < 0.03;
    }
    account.revenue_blank = rng.Random() < 0.10;
    if (!account.revenue_blank) {
      double revenue = static_cast<double>(employees) * rng.Uniform(80e3, 400e3);
      account.annual_revenue = Checked(Truncate(revenue), 40);
    }
    account.employees_blank = rng.Random() < 0.04;
    if (rng.Random() < 0.7) account.web_visits = Checked(Truncate(rng.ExpoVariate(1.0 / 12)), 16);
    if (rng.Random() < 0.4) {
      account.active_users = Checked(Truncate(std::exp(rng.Gauss(2.5, 1.5))), 32);
    }
    account.intent_blank = rng.Random() < 0.3;
    if (!account.intent_blank) {
      account.intent_score = std::min<uint64_t>(100, Truncate(rng.BetaVariate(2, 5) * 101));
    }
    if (rng.Random() < 0.25) account.competitor = 1 + rng.ChoiceIndex(kCompetitors.size());
    DrawName(rng, account);
  }
}

// The faults real CRM exports carry: dangling parents and parent cycles.
void DrawFaults(PythonRandom& rng, std::span<Account> accounts) {
  uint64_t n = accounts.size();
  if (n < 1000) return;
  for (uint64_t i = 0; i < std::max<uint64_t>(1, n / 2000); ++i) {
    Account& account = accounts[rng.RandBelow(n)];
    if (account.parent_id != 0) {
      account.parent_id = Checked(rng.RandRange(10 * n + 1, 20 * n), 40);  // names no account
    }
  }
  for (uint64_t i = 0; i < std::max<uint64_t>(1, n / 20000); ++i) {
    uint64_t length = 1 + rng.ChoiceIndex(3);  // choice([1, 2, 3])
    std::vector<uint64_t> cycle = rng.SampleRange(0, n, length);
    for (uint64_t k = 0; k < length; ++k) {
      accounts[cycle[k]].parent_id = accounts[cycle[(k + 1) % length]].id;
    }
  }
}

}  // namespace

Universe GenerateUniverse(uint64_t rows, std::string_view seed) {
  // file_order holds 32-bit indexes; ids and parents fit 40 bits far beyond.
  if (rows > UINT32_MAX) throw std::invalid_argument("at most 4294967295 rows");
  PythonRandom rng(seed);
  Pickers pickers;

  Universe universe;
  {
    // Sparse, unordered ids.
    std::vector<uint64_t> ids = rng.SampleRange(1, std::max<uint64_t>(10 * rows, 10) + 1, rows);
    universe.accounts.resize(rows);
    for (uint64_t i = 0; i < rows; ++i) universe.accounts[i].id = Checked(ids[i], 40);
  }
  std::span<Account> accounts(universe.accounts);
  size_t first = 0;
  for (uint32_t size : FamilySizes(rng, rows)) {
    DrawFamily(rng, pickers, accounts.subspan(first, size));
    first += size;
  }
  DrawFaults(rng, accounts);

  universe.file_order.resize(rows);
  std::iota(universe.file_order.begin(), universe.file_order.end(), uint32_t{0});
  rng.Shuffle(std::span<uint32_t>(universe.file_order));
  return universe;
}

}  // namespace gen_accounts
