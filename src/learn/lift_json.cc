// The JSON lift report: the whole LiftReport, numbers as numbers, null
// where a row has no interval or test (never NaN, which JSON cannot say).
#include <cmath>
#include <nlohmann/json.hpp>

#include "learn/lift_render.h"

namespace acctseg::learn {
namespace {

using Json = nlohmann::ordered_json;

Json Number(double value, bool known = true) {
  return known && std::isfinite(value) ? Json(value) : Json(nullptr);
}

Json IntervalJson(const Interval& ci, bool known) {
  if (!known) return nullptr;
  return Json::array({Number(ci.low), Number(ci.high)});
}

Json MeasureJson(const MeasureCell& cell) {
  Json j;
  j["n"] = cell.sample.n;
  j["mean"] = Number(cell.sample.mean, cell.sample.n > 0);
  j["mean_ci"] = IntervalJson(cell.mean_ci, cell.tested);
  j["difference"] = Number(cell.difference, cell.sample.n > 0);
  j["ratio"] = Number(cell.ratio, cell.sample.n > 0);
  j["ratio_ci"] = IntervalJson(cell.ratio_ci, cell.ratio_ci_known);
  j["p"] = Number(cell.p, cell.tested);
  j["q"] = Number(cell.q, cell.tested);
  j["significant"] = cell.significant;
  return j;
}

Json SummaryJson(const MeasureSummary& measure) {
  Json j;
  j["column"] = measure.name;
  j["n"] = measure.overall.n;
  j["mean"] = Number(measure.overall.mean);
  j["mean_ci"] = IntervalJson(measure.mean_ci, measure.overall.n >= 2);
  j["tests"] = measure.tests;
  return j;
}

}  // namespace

void RenderLiftJson(const LiftReport& report, std::ostream& out) {
  Json j;
  j["outcome"] = report.outcome;
  j["deals"] = report.deals;
  j["wins"] = report.wins;
  j["win_rate"] = report.base_rate;
  j["win_rate_ci"] = IntervalJson(report.base_ci, true);
  j["tests"] = report.tests;
  j["correction"] = "benjamini-hochberg";
  j["alpha"] = report.options.alpha;
  j["min_deals"] = report.options.min_deals;
  j["bins"] = report.options.bins;
  if (report.amount) j["amount"] = SummaryJson(*report.amount);
  if (report.cycle) j["cycle"] = SummaryJson(*report.cycle);
  Json attributes = Json::array();
  for (const LiftAttribute& attribute : report.attributes) {
    Json a;
    a["name"] = attribute.name;
    a["description"] = attribute.description;
    Json rows = Json::array();
    for (const LiftRow& row : attribute.rows) {
      Json r;
      r["value"] = row.label;
      r["kind"] = GroupKindName(row.kind);
      r["deals"] = row.deals;
      r["wins"] = row.wins;
      r["win_rate"] = Number(row.rate);
      r["win_rate_ci"] = IntervalJson(row.rate_ci, row.tested);
      r["lift"] = Number(row.lift);
      r["lift_ci"] = IntervalJson(row.lift_ci, row.tested);
      r["p"] = Number(row.p, row.tested);
      r["q"] = Number(row.q, row.tested);
      r["significant"] = row.significant;
      if (!row.note.empty()) r["note"] = row.note;
      if (row.amount) r["amount"] = MeasureJson(*row.amount);
      if (row.cycle) r["cycle"] = MeasureJson(*row.cycle);
      rows.push_back(std::move(r));
    }
    a["rows"] = std::move(rows);
    attributes.push_back(std::move(a));
  }
  j["attributes"] = std::move(attributes);
  out << j.dump(2) << '\n';
}

}  // namespace acctseg::learn
