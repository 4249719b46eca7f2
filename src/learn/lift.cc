#include "learn/lift.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/did_you_mean.h"
#include "common/error.h"

namespace acctseg::learn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// How far a ratio (lift, mean ratio) is from 1 either way, for ranking:
// 2x and 0.5x rank alike. A bin with no wins at all (ratio 0) ranks as
// 1000x, above any finite finding.
double Strength(double ratio) { return std::fabs(std::log(std::max(ratio, 1e-3))); }

// A mean's strength: by its ratio where both means are above 0. A mean of 0
// or less against a positive overall one is the strongest kind of finding
// (as a ratio it is 0 or below); where the overall mean itself is 0 or
// less no cell has a ratio, and the size of the difference ranks them.
double MeasureStrength(const MeasureCell& cell, const MeasureSummary& overall) {
  if (!std::isnan(cell.ratio)) return Strength(cell.ratio);
  if (overall.overall.mean > 0) return Strength(0);
  return std::fabs(cell.difference);
}

std::vector<const Feature*> ChosenFeatures(const LearningFrame& frame,
                                           const std::vector<std::string>& by) {
  std::vector<const Feature*> chosen;
  if (by.empty()) {
    for (const Feature& f : frame.features) chosen.push_back(&f);
    return chosen;
  }
  std::vector<std::string> names;
  for (const Feature& f : frame.features) names.push_back(f.name);
  for (const std::string& name : by) {
    const Feature* f = frame.Find(name);
    // The outcome itself is no attribute to split by; any other column
    // left out by default can be asked for.
    if (!f && name == frame.outcome_name)
      throw Error(ErrorKind::kUsage, "--by: \"" + name +
                                         "\" is the outcome: a lift table splits "
                                         "the outcome by other attributes");
    if (!f) {
      // A column of the run says why it is not a feature (a post_outcome
      // column, the --amount measure); any other name gets a suggestion.
      auto why = frame.not_features.find(name);
      throw Error(
          ErrorKind::kUsage,
          "--by: \"" + name + "\" is not a feature" +
              (why != frame.not_features.end() ? ": " + why->second : DidYouMean(name, names)));
    }
    chosen.push_back(f);
  }
  return chosen;
}

// A measure's values on won deals, split by group (NaN: no value).
struct MeasureSplit {
  std::vector<std::vector<double>> by_group;
  Sample overall;
};

void CheckMeasure(const LearningFrame& frame, const std::vector<double>& values,
                  const std::string& name, const char* flag) {
  for (size_t r = 0; r < frame.rows(); ++r)
    if (frame.outcome[r] && !std::isnan(values[r])) return;
  throw Error(ErrorKind::kUsage, std::string(flag) + ": \"" + name +
                                     "\" has no value on any won deal, so there is no "
                                     "average to compare");
}

MeasureCell MeasureOf(const std::vector<double>& values, const Sample& overall,
                      uint64_t min_count) {
  MeasureCell cell;
  cell.sample = Summarize(values);
  bool positive = cell.sample.n > 0 && cell.sample.mean > 0 && overall.mean > 0;
  cell.ratio = positive ? cell.sample.mean / overall.mean : kNaN;
  cell.difference = cell.sample.n > 0 ? cell.sample.mean - overall.mean : kNaN;
  // The rest: what the overall sample holds besides this bin.
  Sample rest;
  rest.n = overall.n - cell.sample.n;
  if (rest.n >= 2) {
    double n_all = static_cast<double>(overall.n), n_bin = static_cast<double>(cell.sample.n),
           n_rest = static_cast<double>(rest.n);
    rest.mean = (n_all * overall.mean - n_bin * cell.sample.mean) / n_rest;
    double squares = (n_all - 1) * overall.sd * overall.sd -
                     (n_bin > 1 ? (n_bin - 1) * cell.sample.sd * cell.sample.sd : 0) -
                     n_bin * std::pow(cell.sample.mean - overall.mean, 2) -
                     n_rest * std::pow(rest.mean - overall.mean, 2);
    rest.sd = std::sqrt(std::max(0.0, squares / (n_rest - 1)));
  }
  cell.tested = cell.sample.n >= min_count && cell.sample.n >= 2 && rest.n >= 2;
  if (!cell.tested) return cell;
  cell.mean_ci = MeanInterval(cell.sample);
  cell.p = WelchP(cell.sample, rest);
  if (cell.sample.mean > 0 && rest.mean > 0) {
    cell.ratio_ci = MeanRatioInterval(cell.sample, rest);
    cell.ratio_ci_known = true;
  }
  return cell;
}

// Why a row with deals enough has a mean without interval or test: too
// few won deals with a value ("28 won deals with a value, fewer than 30
// (amount, cycle)"); "" when every mean has its test.
std::string FewWonValues(const LiftRow& row, uint64_t min_deals) {
  std::vector<std::pair<uint64_t, std::string>> few;  // (won deals with a value, measures)
  auto add = [&](const std::optional<MeasureCell>& cell, const char* measure) {
    if (!cell || cell->sample.n >= min_deals) return;
    if (!few.empty() && few.back().first == cell->sample.n)
      few.back().second += std::string(", ") + measure;
    else
      few.push_back({cell->sample.n, measure});
  };
  add(row.amount, "amount");
  add(row.cycle, "cycle");
  std::string note;
  for (const auto& [count, measures] : few)
    note += (note.empty() ? "" : "; ") + std::to_string(count) +
            " won deals with a value, fewer than " + std::to_string(min_deals) + " (" + measures +
            ")";
  return note;
}

LiftAttribute AttributeOf(const LearningFrame& frame, const Feature& feature,
                          const LiftReport& report) {
  const LiftOptions& options = report.options;
  AttributeGroups groups = GroupFeature(feature, options.bins, options.min_deals);
  size_t count = groups.labels.size();
  LiftAttribute attribute{feature.name, groups.description, {}, 0};
  std::vector<LiftRow> rows(count);
  std::vector<std::vector<double>> amounts(count), cycles(count);
  for (size_t r = 0; r < frame.rows(); ++r) {
    int32_t g = groups.group_of_row[r];
    ++rows[g].deals;
    if (!frame.outcome[r]) continue;
    ++rows[g].wins;
    if (report.amount && !std::isnan(frame.amount[r])) amounts[g].push_back(frame.amount[r]);
    if (report.cycle && !std::isnan(frame.cycle_days[r])) cycles[g].push_back(frame.cycle_days[r]);
  }
  for (size_t g = 0; g < count; ++g) {
    LiftRow& row = rows[g];
    row.label = groups.labels[g];
    row.kind = groups.kinds[g];
    row.rate = static_cast<double>(row.wins) / static_cast<double>(row.deals);
    row.lift = row.rate / report.base_rate;
    uint64_t rest = report.deals - row.deals;
    row.tested = row.deals >= options.min_deals && rest > 0;
    if (row.tested) {
      row.rate_ci = WilsonInterval(row.wins, row.deals);
      row.lift_ci = {row.rate_ci.low / report.base_rate, row.rate_ci.high / report.base_rate};
      row.p = TwoProportionP(row.wins, row.deals, report.wins - row.wins, rest);
    } else {
      row.note = rest == 0 ? "every deal"
                           : std::to_string(row.deals) + " deals, fewer than " +
                                 std::to_string(options.min_deals);
    }
    if (report.amount)
      row.amount = MeasureOf(amounts[g], report.amount->overall, options.min_deals);
    if (report.cycle) row.cycle = MeasureOf(cycles[g], report.cycle->overall, options.min_deals);
    if (row.note.empty()) row.note = FewWonValues(row, options.min_deals);
  }
  attribute.rows = std::move(rows);
  return attribute;
}

// Writes BH q-values into every tested cell that `get` finds (nullptr =
// none), across all attributes, and returns the number of tests.
template <typename Get>
size_t Adjust(std::vector<LiftAttribute>& attributes, double alpha, Get get) {
  std::vector<double*> p, q;
  std::vector<bool*> significant;
  for (LiftAttribute& a : attributes)
    for (LiftRow& row : a.rows)
      if (auto cell = get(row)) {
        p.push_back(&cell->p);
        q.push_back(&cell->q);
        significant.push_back(&cell->significant);
      }
  std::vector<double> values;
  for (double* v : p) values.push_back(*v);
  std::vector<double> adjusted = BenjaminiHochberg(values);
  for (size_t i = 0; i < adjusted.size(); ++i) {
    *q[i] = adjusted[i];
    *significant[i] = adjusted[i] < alpha;
  }
  return adjusted.size();
}

// A view of a row's win-rate test with the same member names as MeasureCell.
struct RateTest {
  double& p;
  double& q;
  bool& significant;
};

}  // namespace

LiftReport ComputeLift(const LearningFrame& frame, const LiftOptions& options) {
  if (options.bins < 2) throw Error(ErrorKind::kUsage, "--bins must be at least 2");
  std::vector<const Feature*> features = ChosenFeatures(frame, options.by);
  LiftReport report;
  report.options = options;
  report.outcome = frame.outcome_name;
  report.deals = frame.rows();
  for (uint8_t won : frame.outcome) report.wins += won;
  report.base_rate = static_cast<double>(report.wins) / static_cast<double>(report.deals);
  report.base_ci = WilsonInterval(report.wins, report.deals);
  auto summary = [&](const std::vector<double>& values, const std::string& name, const char* flag) {
    CheckMeasure(frame, values, name, flag);
    std::vector<double> won;
    for (size_t r = 0; r < frame.rows(); ++r)
      if (frame.outcome[r] && !std::isnan(values[r])) won.push_back(values[r]);
    MeasureSummary s{name, Summarize(won), {}, 0};
    if (s.overall.n >= 2) s.mean_ci = MeanInterval(s.overall);
    return s;
  };
  if (!frame.amount_name.empty())
    report.amount = summary(frame.amount, frame.amount_name, "--amount");
  if (!frame.cycle_name.empty())
    report.cycle = summary(frame.cycle_days, frame.cycle_name, "--cycle");
  for (const Feature* f : features) report.attributes.push_back(AttributeOf(frame, *f, report));

  report.tests = Adjust(report.attributes, options.alpha, [](LiftRow& row) {
    return row.tested ? std::optional<RateTest>(RateTest{row.p, row.q, row.significant})
                      : std::nullopt;
  });
  if (report.amount)
    report.amount->tests = Adjust(report.attributes, options.alpha, [](LiftRow& row) {
      return row.amount->tested ? &*row.amount : nullptr;
    });
  if (report.cycle)
    report.cycle->tests = Adjust(report.attributes, options.alpha, [](LiftRow& row) {
      return row.cycle->tested ? &*row.cycle : nullptr;
    });

  for (LiftAttribute& a : report.attributes)
    for (const LiftRow& row : a.rows)
      if (row.significant) a.strength = std::max(a.strength, Strength(row.lift));
  std::stable_sort(
      report.attributes.begin(), report.attributes.end(),
      [](const LiftAttribute& x, const LiftAttribute& y) { return x.strength > y.strength; });
  return report;
}

std::vector<LiftFinding> TopFindings(const LiftReport& report, int which, size_t limit) {
  std::vector<std::pair<double, LiftFinding>> found;
  for (const LiftAttribute& a : report.attributes)
    for (const LiftRow& row : a.rows) {
      if (which == 0) {
        if (row.significant) found.push_back({Strength(row.lift), {&a, &row}});
        continue;
      }
      const MeasureCell* cell =
          which == 1 ? (row.amount ? &*row.amount : nullptr) : (row.cycle ? &*row.cycle : nullptr);
      const MeasureSummary& overall = which == 1 ? *report.amount : *report.cycle;
      if (cell && cell->significant) found.push_back({MeasureStrength(*cell, overall), {&a, &row}});
    }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<LiftFinding> top;
  for (size_t i = 0; i < found.size() && i < limit; ++i) top.push_back(found[i].second);
  return top;
}

}  // namespace acctseg::learn
