// ReadOwners: the territory plan's assignments as the router's owners.
#include "common/error.h"
#include "io/csv_reader.h"
#include "routing/router.h"

namespace acctseg {

std::unordered_map<std::string, std::string> ReadOwners(const std::string& path) {
  CsvReadOptions options;
  options.path = path;
  options.columns = {{"account_id", DataType::String()}, {"rep_id", DataType::String()}};
  options.encoding_advice = EncodingAdvice::kConvert;  // a flag's file: no encoding: to declare
  CsvReadResult read = ReadCsv(options);
  const Column& accounts = *read.table.Find("account_id");
  const Column& reps = *read.table.Find("rep_id");
  std::unordered_map<std::string, std::string> owners;
  owners.reserve(read.table.row_count());
  for (size_t row = 0; row < read.table.row_count(); ++row) {
    if (reps.IsNull(row) || reps.StringAt(row).empty()) continue;  // unassigned
    owners.emplace(std::string(accounts.StringAt(row)), std::string(reps.StringAt(row)));
  }
  return owners;
}

}  // namespace acctseg
