// Phrases the text and HTML quality reports share, so that both say the
// same thing the same way. Internal to src/report/; values are not escaped.
#pragma once

#include <string>

#include "report/quality_report.h"

namespace acctseg {

// "97.5%" (one decimal; "100%" only when nothing is missing).
std::string Percent(uint64_t part, uint64_t whole);
// "0", "3 (issue bad_date)" or "3 (would stop a run)".
std::string InvalidText(const ColumnQuality& column);
// Top values "SMB 12, Enterprise 3, ..." or the range "2016-10-20 .. 2017-12-31".
std::string ValuesText(const ColumnQuality& column);
// "22 rows: 20 matched, 0 with an unknown key, 2 without a key".
std::string MatchText(const MatchReport& match);
// The examples: "unknown keys, e.g. \"X1\" (line 4); without a key, e.g.
// line 7, line 9"; "" if none.
std::string ExamplesText(const MatchQuality& match);
// "2 clusters, 5 rows".
std::string DuplicatesText(const DuplicateQuality& duplicates);
// "key account_id: unique, 1 missing" ("" without a key).
std::string KeyPhrase(const InputQuality& input);

}  // namespace acctseg
