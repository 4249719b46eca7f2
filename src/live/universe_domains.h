// Registrable domain -> accounts, over the account columns that hold a
// website, e-mail or domain (`serve --domain-columns`), for matching an
// unknown lead to an account. Kept up to date as events change accounts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "live/universe_accounts.h"

namespace acctseg {

class DomainIndex {
 public:
  // Error(kUsage) naming a column that is not a string input column.
  DomainIndex(const LiveAccounts& accounts, std::vector<std::string> columns);
  bool empty() const { return columns_.empty(); }
  // Whether setting input column `index` changes what the index holds.
  bool Reads(size_t index) const;
  // Adds or drops the account at `row` (call Remove before it changes, Add after).
  void Add(const LiveAccounts& accounts, size_t row);
  void Remove(const LiveAccounts& accounts, size_t row);
  // The first account in row order with `domain` (any text DOMAIN() reads).
  std::optional<std::string> Find(const LiveAccounts& accounts, std::string_view domain) const;

 private:
  std::vector<std::string> DomainsAt(const LiveAccounts& accounts, size_t row) const;
  std::vector<size_t> columns_;  // input column indexes
  // domain -> key dictionary codes of the accounts that have it
  std::unordered_map<std::string, std::vector<uint32_t>> accounts_of_;
};

}  // namespace acctseg
