// The account universe of tests/data/gen_accounts.py, drawn in the same
// order from the same random stream. Accounts are kept as table indexes and
// numbers rather than text (40 bytes each), so that 100M of them fit in
// memory; universe_csv.h turns them into the script's CSV lines.
#pragma once

#include <cstdint>
#include <string_view>

#include "huge_pages.h"

namespace gen_accounts {

struct Account {
  uint64_t id : 40;  // account_id is "A" and this, zero-padded to 9 digits
  uint64_t employees : 20;
  uint64_t employees_blank : 1;
  uint64_t revenue_blank : 1;
  uint64_t intent_blank : 1;
  uint64_t is_customer : 1;  // products is empty for non-customers

  uint64_t parent_id : 40;       // 0: no parent
  uint64_t industry : 4;         // index into kIndustries
  uint64_t country : 6;          // index into kCountries
  uint64_t state : 6;            // into kUsStates or kCaProvinces, by country
  uint64_t sector : 3;           // 0: private, else 1 + index into kPublicSectors
  uint64_t products_spaced : 1;  // "; " between products instead of ";"

  uint64_t annual_revenue : 40;
  uint64_t name_word_a : 6;
  uint64_t name_word_b : 5;
  uint64_t name_suffix : 4;
  uint64_t name_style : 2;  // a NameStyle

  uint32_t arr;
  uint32_t active_users;
  uint16_t web_visits;
  uint8_t intent_score;
  uint8_t extra_products;  // bit i: kExtraProducts[i]
  uint8_t competitor;      // 0: none, else 1 + index into kCompetitors
};

enum NameStyle : uint8_t { kPlainName, kQuotedWordName, kCommaName };

struct Universe {
  // In generation order: the index of an account is the serial in its name.
  HugePageVector<Account> accounts;
  // The shuffled file order: line i of the file is accounts[file_order[i]].
  HugePageVector<uint32_t> file_order;
};

// What gen_accounts.py --rows rows --seed seed generates. Throws
// std::invalid_argument for a seed that is not an integer or too many rows.
Universe GenerateUniverse(uint64_t rows, std::string_view seed);

}  // namespace gen_accounts
