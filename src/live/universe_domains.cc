#include "live/universe_domains.h"

#include <algorithm>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "quality/normalizers.h"

namespace acctseg {

DomainIndex::DomainIndex(const LiveAccounts& accounts, std::vector<std::string> columns) {
  for (const std::string& name : columns) {
    auto index = accounts.ColumnIndex(name);
    const std::string where = "domain column \"" + name + "\"";
    const std::string input = " of input \"" + accounts.input().name + "\"";
    if (!index) {
      std::vector<std::string> names;
      for (const CsvColumnRequest& column : accounts.input().columns) names.push_back(column.name);
      throw Error(ErrorKind::kUsage, where + ": no such column" + input + DidYouMean(name, names));
    }
    if (accounts.column(*index).type.id != TypeId::kString)
      throw Error(ErrorKind::kUsage, where + " is not a string column" + input);
    columns_.push_back(*index);
  }
  if (columns_.empty()) return;
  for (size_t row = 0; row < accounts.row_count(); ++row) Add(accounts, row);
}

bool DomainIndex::Reads(size_t index) const {
  return std::find(columns_.begin(), columns_.end(), index) != columns_.end();
}

std::vector<std::string> DomainIndex::DomainsAt(const LiveAccounts& accounts, size_t row) const {
  std::vector<std::string> domains;
  std::string buffer;
  for (size_t index : columns_) {
    const Column& column = accounts.column(index);
    if (column.IsNull(row)) continue;
    if (auto domain = RegistrableDomain(column.StringAt(row), buffer))
      domains.emplace_back(*domain);
  }
  return domains;
}

void DomainIndex::Add(const LiveAccounts& accounts, size_t row) {
  const uint32_t key = accounts.column(accounts.key_index()).codes[row];
  for (const std::string& domain : DomainsAt(accounts, row)) {
    auto& keys = accounts_of_[domain];
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
}

void DomainIndex::Remove(const LiveAccounts& accounts, size_t row) {
  const uint32_t key = accounts.column(accounts.key_index()).codes[row];
  for (const std::string& domain : DomainsAt(accounts, row)) {
    auto it = accounts_of_.find(domain);
    if (it == accounts_of_.end()) continue;
    std::erase(it->second, key);
    if (it->second.empty()) accounts_of_.erase(it);
  }
}

std::optional<std::string> DomainIndex::Find(const LiveAccounts& accounts,
                                             std::string_view text) const {
  std::string buffer;
  auto domain = RegistrableDomain(text, buffer);
  if (!domain) return std::nullopt;
  auto it = accounts_of_.find(std::string(*domain));
  if (it == accounts_of_.end()) return std::nullopt;
  const Dictionary& ids = *accounts.column(accounts.key_index()).dictionary;
  std::optional<size_t> first;
  for (uint32_t key : it->second)
    if (auto row = accounts.RowOf(ids.Get(key)); row && (!first || *row < *first)) first = row;
  if (!first) return std::nullopt;
  return std::string(accounts.IdAt(*first));
}

}  // namespace acctseg
