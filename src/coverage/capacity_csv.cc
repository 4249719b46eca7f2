// The what-if's uncovered accounts as CSV, for a spreadsheet: text fields
// quoted where needed and guarded against formula injection (account data
// is not trusted), numbers plain.
#include <cmath>
#include <cstdio>

#include "common/csv_field.h"
#include "coverage/capacity_render.h"

namespace acctseg::coverage {
namespace {

// A number, or an empty field for NULL (kUnknown), as every CSV acctseg
// writes NULL.
std::string Plain(double value) {
  if (std::isnan(value)) return "";
  char text[40];
  std::snprintf(text, sizeof text, "%.15g", value == 0 ? 0.0 : value);
  return text;
}

}  // namespace

void RenderUncoveredCsv(const CapacityPlan& plan, std::ostream& out) {
  std::string text = "account,role,region,tier,rank,workload_hours,potential,whitespace,arr\n";
  if (plan.whatif)
    for (const UncoveredAccount& account : plan.whatif->uncovered) {
      for (const std::string* field :
           {&account.id, &account.role, &account.region, &account.tier}) {
        AppendCsvField(*field, true, text);
        text += ',';
      }
      text += std::to_string(account.rank) + ',' + Plain(account.hours) + ',' +
              Plain(account.potential) + ',' + Plain(account.whitespace) + ',' +
              Plain(account.arr) + '\n';
    }
  out << text;
}

}  // namespace acctseg::coverage
