// The typed live universe of the live tests and of fuzz_events: a policy
// with every input type, a family, a tier with a value cut and a DOMAIN()
// read, and accounts for it (every tenth value NULL or empty somewhere).
#pragma once

#include <ostream>
#include <string>

namespace acctseg::testing {

inline constexpr const char* kTypedLivePolicy = R"(policy: typed
input:
  name: accounts
  key: id
  columns:
    id: string
    parent: string
    website: string
    flag: boolean
    amount: decimal(2)
    signed: date
    seen: {type: timestamp, timezone: '+02:00'}
    seats: {type: integer, not_null: true}
    note: {type: string, empty_is_null: true}
steps:
  - family: {id: id, parent: parent}
  - classify:
      output: band
      rules:
        - {when: flag AND signed >= DATE '2024-01-01', then: new}
        - {when: seen IS NOT NULL, then: seen}
        - {else: other, issue: unseen}
  - compute:
      family_amount: FAMILY_SUM(amount)
      domain: DOMAIN(website)
      note_length: LENGTH(note)
  - tier:
      output: tier
      group_by: band
      order_by: [family_amount DESC, seats ASC]
      cuts:
        - {tier: A, top: 0.25}
        - {tier: B, min: 100}
        - {tier: C}
output:
  columns: [id, band, family_amount, domain, note_length, tier, issues]
summary:
  dimensions: [band, tier]
  measures: [family_amount]
)";

// `rows` accounts A0, A1, ... for kTypedLivePolicy, their websites on
// `domains` distinct domains; every seventh names the account three
// before it as its parent.
inline void WriteTypedLiveAccounts(std::ostream& csv, int rows, int domains) {
  csv << "id,parent,website,flag,amount,signed,seen,seats,note\n";
  for (int i = 0; i < rows; ++i)
    csv << "A" << i << "," << (i % 7 == 3 ? "A" + std::to_string(i - 3) : "") << ",https://www.c"
        << i % domains << ".com/x," << (i % 2 ? "true" : "false") << "," << i * 3 << ".5,"
        << "2024-0" << 1 + i % 9 << "-1" << i % 10 << "," << (i % 5 ? "2024-03-01T10:00" : "")
        << "," << i * 11 % 200 << "," << (i % 4 ? "hello" : "") << "\n";
}

}  // namespace acctseg::testing
