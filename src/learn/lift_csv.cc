// The CSV lift report: one line per row of every attribute, raw numbers
// (rates as fractions, empty where a row has no interval or test), text
// fields guarded against spreadsheet formulas like every acctseg report.
#include <cmath>
#include <cstdio>

#include "common/csv_field.h"
#include "learn/lift_bins.h"
#include "learn/lift_render.h"

namespace acctseg::learn {
namespace {

class CsvLine {
 public:
  void Text(const std::string& text) {
    Separate();
    AppendCsvField(text, true, line_);
  }
  void Number(double value, bool known = true) {
    Separate();
    if (!known || std::isnan(value)) return;
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    line_ += text;
  }
  void Flag(bool value) { Text(value ? "true" : "false"); }
  std::string Finish() { return line_ + "\n"; }

 private:
  void Separate() {
    if (!first_) line_ += ',';
    first_ = false;
  }
  std::string line_;
  bool first_ = true;
};

void MeasureHeader(const char* prefix, std::string& header) {
  for (const char* field : {"n", "mean", "mean_low", "mean_high", "difference", "ratio",
                            "ratio_low", "ratio_high", "p", "q", "significant"})
    header += std::string(",") + prefix + "_" + field;
}

void MeasureFields(const MeasureCell& cell, CsvLine& line) {
  line.Number(static_cast<double>(cell.sample.n));
  line.Number(cell.sample.mean, cell.sample.n > 0);
  line.Number(cell.mean_ci.low, cell.tested);
  line.Number(cell.mean_ci.high, cell.tested);
  line.Number(cell.difference, cell.sample.n > 0);
  line.Number(cell.ratio, cell.sample.n > 0);
  line.Number(cell.ratio_ci.low, cell.ratio_ci_known);
  line.Number(cell.ratio_ci.high, cell.ratio_ci_known);
  line.Number(cell.p, cell.tested);
  line.Number(cell.q, cell.tested);
  line.Flag(cell.significant);
}

}  // namespace

void RenderLiftCsv(const LiftReport& report, std::ostream& out) {
  std::string header =
      "attribute,kind,value,deals,wins,win_rate,win_rate_low,win_rate_high,lift,lift_low,"
      "lift_high,p,q,significant,note";
  if (report.amount) MeasureHeader("amount", header);
  if (report.cycle) MeasureHeader("cycle", header);
  out << header << '\n';
  for (const LiftAttribute& attribute : report.attributes)
    for (const LiftRow& row : attribute.rows) {
      CsvLine line;
      line.Text(attribute.name);
      line.Text(GroupKindName(row.kind));
      line.Text(row.label);
      line.Number(static_cast<double>(row.deals));
      line.Number(static_cast<double>(row.wins));
      line.Number(row.rate);
      line.Number(row.rate_ci.low, row.tested);
      line.Number(row.rate_ci.high, row.tested);
      line.Number(row.lift);
      line.Number(row.lift_ci.low, row.tested);
      line.Number(row.lift_ci.high, row.tested);
      line.Number(row.p, row.tested);
      line.Number(row.q, row.tested);
      line.Flag(row.significant);
      line.Text(row.note);
      if (row.amount) MeasureFields(*row.amount, line);
      if (row.cycle) MeasureFields(*row.cycle, line);
      out << line.Finish();
    }
}

}  // namespace acctseg::learn
