#include "learn/lift_format.h"

#include <cmath>
#include <cstdio>

#include "common/group_digits.h"

namespace acctseg::learn {
namespace {

std::string Printf(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace

std::string Percent(double rate) { return Printf("%.1f%%", 100 * rate); }

std::string Ratio(double ratio) {
  if (std::isnan(ratio)) return "n/a";
  return Printf(ratio < 10 ? "%.2f" : "%.3g", ratio);
}

std::string PValue(double p) {
  if (p < 0.001) return "< 0.001";
  return Printf("%.2g", p);
}

std::string Count(uint64_t count) { return GroupDigits(std::to_string(count)); }

std::string Amount(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::fabs(value) >= 100) return GroupDigits(Printf("%.0f", value));
  return Printf(std::fabs(value) >= 1 ? "%.1f" : "%.2g", value);
}

std::string RateWithInterval(double rate, const Interval& ci) {
  return Percent(rate) + " [" + Printf("%.1f", 100 * ci.low) + "–" + Percent(ci.high) + "]";
}

std::string RatioWithInterval(double ratio, const Interval& ci) {
  return Ratio(ratio) + " [" + Ratio(ci.low) + "–" + Ratio(ci.high) + "]";
}

std::string Difference(double difference) {
  return (difference > 0 ? "+" : "") + Amount(difference);
}

std::string MeasureVersusOverall(const MeasureCell& cell) {
  if (std::isnan(cell.ratio)) return "diff " + Difference(cell.difference);
  return cell.ratio_ci_known ? RatioWithInterval(cell.ratio, cell.ratio_ci) : Ratio(cell.ratio);
}

std::string RowName(const LiftAttribute& attribute, const LiftRow& row) {
  return attribute.name + (row.kind == GroupKind::kRange ? " in " : " = ") + row.label;
}

std::string FindingText(const LiftReport& report, const LiftFinding& finding, int which) {
  const LiftRow& row = *finding.row;
  std::string name = RowName(*finding.attribute, row);
  if (which == 0)
    return name + ": win rate " + Percent(row.rate) + " vs " + Percent(report.base_rate) +
           " overall, lift " + Ratio(row.lift) + " (" + Ratio(row.lift_ci.low) + "–" +
           Ratio(row.lift_ci.high) + "), q " + (row.q < 0.001 ? "" : "= ") + PValue(row.q);
  const MeasureCell& cell = which == 1 ? *row.amount : *row.cycle;
  const MeasureSummary& overall = which == 1 ? *report.amount : *report.cycle;
  std::string words;
  if (std::isnan(cell.ratio)) {
    // No ratio: "134% higher" would be wrong for -51.3 against -21.9.
    std::string unit = which == 1 ? "" : " days";
    words = std::string(which == 1 ? "average won amount " : "days to close ") +
            Amount(cell.sample.mean) + " vs " + Amount(overall.overall.mean) +
            " overall (difference " + Difference(cell.difference) + unit + ")";
    return name + ": " + words + ", q " + (cell.q < 0.001 ? "" : "= ") + PValue(cell.q);
  }
  if (which == 1) {
    double change = 100 * (cell.ratio - 1);
    words = "average won amount " + Printf("%.0f", std::fabs(change)) + "% " +
            (change >= 0 ? "higher" : "lower") + " than overall (" + Amount(cell.sample.mean) +
            " vs " + Amount(overall.overall.mean);
  } else {
    bool faster = cell.ratio < 1;
    words = std::string(faster ? "closes " : "takes ") +
            Printf("%.2g", faster ? 1 / cell.ratio : cell.ratio) + "× " +
            (faster ? "faster than" : "as long as") + " overall (" + Amount(cell.sample.mean) +
            " vs " + Amount(overall.overall.mean) + " days";
  }
  words += "; ratio " + Ratio(cell.ratio);
  if (cell.ratio_ci_known)
    words += " (" + Ratio(cell.ratio_ci.low) + "–" + Ratio(cell.ratio_ci.high) + ")";
  return name + ": " + words + "), q " + (cell.q < 0.001 ? "" : "= ") + PValue(cell.q);
}

std::string MethodText(const LiftReport& report) {
  std::string text =
      "Win rate intervals are 95% Wilson intervals; lift is the win rate over the overall rate " +
      Percent(report.base_rate) +
      ", its interval the Wilson bounds over that rate. p: pooled two-proportion z-test of a "
      "row against all other deals; q: Benjamini-Hochberg over all " +
      std::to_string(report.tests) + " tested rows of every attribute; * marks q < " +
      Printf("%.2g", report.options.alpha) + ". Rows with fewer than " +
      std::to_string(report.options.min_deals) + " deals are shown without interval or test.";
  if (report.amount || report.cycle)
    text +=
        " Means are over won deals with a value: 95% Student-t intervals, Welch's test against "
        "the other won deals, the ratio to the overall mean with a delta-method interval (log "
        "scale; where either mean is 0 or less, the difference instead), q by "
        "Benjamini-Hochberg within each measure. A mean of fewer than " +
        std::to_string(report.options.min_deals) +
        " won deals with a value has no interval or test either; the row's note says so.";
  return text;
}

}  // namespace acctseg::learn
