#include "learn/learning_frame.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "common/quoted_value.h"
#include "table/data_type.h"
#include "table/decimal.h"

namespace acctseg::learn {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

bool IsNumericType(TypeId id) {
  return id == TypeId::kBool || id == TypeId::kInt64 || id == TypeId::kDecimal ||
         id == TypeId::kDate || id == TypeId::kTimestamp;
}

std::vector<double> NumbersOf(const NamedColumn& named, const char* role) {
  const Column& column = *named.column;
  if (!IsNumericType(column.type.id))
    throw Error(ErrorKind::kUsage, std::string(role) + " \"" + named.name + "\" is " +
                                       column.type.ToString() + ", expected a number or a date");
  std::vector<double> out(column.size());
  for (size_t r = 0; r < out.size(); ++r) out[r] = NumberAt(column, r);
  return out;
}

// The distinct values a string column uses, sorted, and each row's code
// into them (-1 for NULL).
Feature CategoricalFeature(const NamedColumn& named) {
  const Column& column = *named.column;
  Feature f;
  f.name = named.name;
  f.kind = FeatureKind::kCategorical;
  std::map<uint32_t, int32_t> used;  // dictionary code -> category
  for (size_t r = 0; r < column.size(); ++r)
    if (!column.IsNull(r)) used.emplace(column.codes[r], 0);
  std::vector<std::pair<std::string_view, uint32_t>> sorted;
  for (const auto& [code, unused] : used) sorted.emplace_back(column.dictionary->Get(code), code);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [text, code] : sorted) {
    used[code] = static_cast<int32_t>(f.categories.size());
    f.categories.emplace_back(text);
  }
  f.codes.resize(column.size());
  for (size_t r = 0; r < column.size(); ++r)
    f.codes[r] = column.IsNull(r) ? -1 : used[column.codes[r]];
  return f;
}

// A text column's distinct values among `rows` (those with an outcome: a
// column constant among closed deals says nothing of them), and how many
// of those rows have a value.
struct TextValues {
  size_t distinct = 0, present = 0;
  // A value of its own on (nearly) every row names the row, not a kind of
  // row: an id on a file too small for --max-categories to catch it.
  bool NamesRows() const {
    return distinct >= 2 && (distinct == present || (present >= 40 && distinct * 2 > present));
  }
};

TextValues DistinctStrings(const Column& column, const std::vector<size_t>& rows) {
  std::set<uint32_t> codes;
  size_t present = 0;
  for (size_t r : rows)
    if (!column.IsNull(r)) {
      codes.insert(column.codes[r]);
      ++present;
    }
  return {codes.size(), present};
}

// 1 / 0 per row, or -1 where the outcome is NULL (or empty text). A text
// outcome whose losses are more than one value says which, in `notes`: an
// open deal ("Prospecting") counted as a loss changes every rate.
std::vector<int8_t> OutcomeOf(const NamedColumn& named, const std::string& positive,
                              const std::string& source, std::vector<std::string>& notes) {
  const Column& column = *named.column;
  std::vector<int8_t> out(column.size(), -1);
  if (column.type.id == TypeId::kString) {
    if (positive.empty()) {
      std::vector<std::string> values;
      Feature f = CategoricalFeature(named);
      for (size_t i = 0; i < f.categories.size() && i < 10; ++i)
        values.push_back("\"" + f.categories[i] + "\"");
      std::string list;
      for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
      throw Error(ErrorKind::kUsage, "the outcome \"" + named.name +
                                         "\" is text: say which value counts as a win with "
                                         "--positive (its values: " +
                                         list + ")");
    }
    std::map<std::string_view, size_t> losses;
    for (size_t r = 0; r < column.size(); ++r) {
      if (column.IsNull(r) || column.StringAt(r).empty()) continue;
      out[r] = column.StringAt(r) == positive ? 1 : 0;
      if (out[r] == 0) ++losses[column.StringAt(r)];
    }
    if (losses.size() > 1) {
      std::vector<std::pair<size_t, std::string_view>> counted;
      for (const auto& [value, count] : losses) counted.push_back({count, value});
      std::stable_sort(counted.begin(), counted.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      std::string list;
      for (size_t i = 0; i < counted.size() && i < 10; ++i)
        list += (i ? ", " : "") + QuotedValue(counted[i].second) + " " +
                std::to_string(counted[i].first);
      if (counted.size() > 10) list += ", and " + std::to_string(counted.size() - 10) + " more";
      notes.push_back("every value of \"" + named.name + "\" but \"" + positive +
                      "\" counts as a loss: " + list +
                      "; a deal still open is no loss: filter it out, or compute the outcome "
                      "(NULL for open deals) in the policy");
    }
    return out;
  }
  if (column.type.id != TypeId::kBool && column.type.id != TypeId::kInt64)
    throw Error(ErrorKind::kUsage, "the outcome \"" + named.name + "\" is " +
                                       column.type.ToString() +
                                       ", expected a bool, a 0/1 integer or text with --positive");
  // --positive names a text outcome's winning value; on a bool or 0/1 it
  // was ignored (--positive false counted the trues as wins all the same).
  const bool agrees = positive == "1" || positive == "true";  // what counts as a win anyway
  if (!positive.empty() && !agrees)
    throw Error(ErrorKind::kUsage, "--positive is for a text outcome; \"" + named.name + "\" is " +
                                       column.type.ToString() +
                                       ", whose wins are true or 1: leave --positive out");
  for (size_t r = 0; r < column.size(); ++r) {
    if (column.IsNull(r)) continue;
    int64_t v = column.ints[r];
    if (v != 0 && v != 1)
      throw Error(ErrorKind::kInput,
                  "the outcome \"" + named.name + "\" has the value " + std::to_string(v) + " " +
                      (named.lines ? "on line " + std::to_string((*named.lines)[r])
                                   : "in row " + std::to_string(r + 1)) +
                      " of " + (source.empty() ? "the input" : source) + ", expected 0 or 1");
    out[r] = static_cast<int8_t>(v);
  }
  return out;
}

std::string RowName(const NamedColumn* id, size_t row) {
  if (id && !id->column->IsNull(row)) {
    const Column& c = *id->column;
    if (c.type.id == TypeId::kString) return std::string(c.StringAt(row));
    return std::to_string(c.ints[row]);
  }
  if (id && id->lines) return "line " + std::to_string((*id->lines)[row]);
  return "row " + std::to_string(row + 1);
}

template <typename T>
std::vector<T> KeepRows(const std::vector<T>& values, const std::vector<size_t>& kept) {
  std::vector<T> out;
  out.reserve(kept.size());
  for (size_t r : kept) out.push_back(values[r]);
  return out;
}

}  // namespace

const NamedColumn& Require(const std::vector<NamedColumn>& columns, const std::string& name,
                           const char* role) {
  std::vector<std::string> names;
  for (const NamedColumn& c : columns) {
    if (c.name == name) return c;
    names.push_back(c.name);
  }
  throw Error(ErrorKind::kUsage, std::string(role) + " \"" + name + "\" is no column of the run" +
                                     DidYouMean(name, names));
}

bool HasOneValueOnly(const std::vector<double>& values) {
  double first = std::numeric_limits<double>::quiet_NaN();
  for (double v : values) {
    if (std::isnan(v)) continue;
    if (std::isnan(first))
      first = v;
    else if (v != first)
      return false;
  }
  return true;
}

const Feature* LearningFrame::Find(const std::string& name) const {
  for (const Feature& f : features)
    if (f.name == name) return &f;
  return nullptr;
}

FrameBuild BuildLearningFrame(const std::vector<NamedColumn>& columns, const FrameSpec& spec) {
  FrameBuild build;
  LearningFrame& frame = build.frame;
  const NamedColumn& outcome_column = Require(columns, spec.outcome, "the outcome");
  std::vector<int8_t> outcome = OutcomeOf(outcome_column, spec.positive, spec.source, build.notes);
  const NamedColumn* id = spec.id.empty() ? nullptr : &Require(columns, spec.id, "the id column");

  // A header and no line: "the outcome is empty in all 0 rows" said it
  // as if the outcome column were the trouble.
  if (outcome.empty())
    throw Error(ErrorKind::kInput, (spec.source.empty() ? "the input" : spec.source) +
                                       " has no rows: nothing to learn from");
  std::vector<size_t> kept;
  for (size_t r = 0; r < outcome.size(); ++r)
    if (outcome[r] >= 0) kept.push_back(r);
  if (kept.size() < outcome.size())
    build.notes.push_back(std::to_string(outcome.size() - kept.size()) + " of " +
                          std::to_string(outcome.size()) + " rows have no outcome (\"" +
                          spec.outcome + "\" is empty) and are left out");
  frame.outcome_name = spec.outcome;
  frame.id_name = spec.id;
  for (size_t r : kept) {
    frame.outcome.push_back(static_cast<uint8_t>(outcome[r]));
    frame.row_ids.push_back(RowName(id, r));
  }
  if (frame.rows() == 0)
    throw Error(ErrorKind::kUsage, "the outcome \"" + spec.outcome + "\" is empty in all " +
                                       std::to_string(outcome.size()) +
                                       " rows: no row says whether it was won");
  size_t positives = std::count(frame.outcome.begin(), frame.outcome.end(), 1);
  if (positives == 0 || positives == frame.rows())
    throw Error(
        ErrorKind::kUsage,
        "the outcome \"" + spec.outcome + "\" has one class only: all " +
            std::to_string(frame.rows()) + " rows with an outcome are " +
            (positives == 0 ? "negative" : "positive") + "; learning needs both wins and losses" +
            (spec.positive.empty() ? "" : " (is --positive \"" + spec.positive + "\" right?)"));

  // An amount or a number of days is a number: a date's days since 1970
  // averaged into "mean 19,915" is no amount.
  auto measure = [&](const std::string& name, const char* role, bool date, std::string& out_name,
                     std::vector<double>& out) {
    if (name.empty()) return;
    const NamedColumn& column = Require(columns, name, role);
    const TypeId type = column.column->type.id;
    // One message for what a measure is not: "expected a number or a date"
    // for text, "expected a number" for a date, contradicted each other.
    if (!date && (type == TypeId::kDate || type == TypeId::kTimestamp || !IsNumericType(type)))
      throw Error(ErrorKind::kUsage, std::string(role) + " \"" + name + "\" is " +
                                         column.column->type.ToString() + ", expected a number" +
                                         (&out == &frame.cycle_days ? " of days" : ""));
    out_name = name;
    out = KeepRows(NumbersOf(column, role), kept);
  };
  measure(spec.amount, "the amount column", false, frame.amount_name, frame.amount);
  measure(spec.cycle_days, "the cycle column", false, frame.cycle_name, frame.cycle_days);
  measure(spec.outcome_day, "the outcome date column", true, frame.outcome_day_name,
          frame.outcome_day);

  // Why each column that is not a feature is not: said in a note where a
  // user would expect it among the features, and by any message naming it.
  std::map<std::string, std::string>& not_features = frame.not_features;
  const std::string kNameIt = "; name it in --features to use it as one";
  // Most specific last: a measure that is post_outcome cannot be named in
  // --features, and the outcome is the outcome whatever else it is.
  if (!spec.id.empty()) not_features[spec.id] = "it is the id column" + kNameIt;
  for (const auto& [name, role] :
       {std::pair{&spec.amount, "--amount measure"}, std::pair{&spec.cycle_days, "--cycle measure"},
        std::pair{&spec.outcome_day, "--outcome-date column"}})
    if (!name->empty()) not_features[*name] = std::string("it is the ") + role + kNameIt + " too";
  for (const std::string& name : spec.exclude) {
    auto reason = spec.exclude_reasons.find(name);
    not_features[name] =
        reason != spec.exclude_reasons.end() ? reason->second : "it is named in --exclude";
  }
  not_features[spec.outcome] = "it is the outcome";
  auto leave_out = [&](const std::string& name, const std::string& reason) {
    not_features[name] = reason;
    build.notes.push_back("\"" + name + "\" is not a feature: " + reason);
  };

  std::vector<const NamedColumn*> chosen;
  if (!spec.features.empty()) {
    std::set<std::string> named;
    for (const std::string& name : spec.features) {
      const NamedColumn& c = Require(columns, name, "the feature");
      if (c.column->type.id == TypeId::kList)
        throw Error(ErrorKind::kUsage, "the feature \"" + name + "\" is a list");
      // A feature named twice was learnt from twice (and listed twice in
      // the model); the outcome as a feature was dropped without a word.
      if (!named.insert(name).second)
        throw Error(ErrorKind::kUsage, "--features names \"" + name + "\" twice");
      if (name == spec.outcome)
        throw Error(ErrorKind::kUsage, "--features names the outcome \"" + name +
                                           "\": a model cannot learn the outcome from itself");
      chosen.push_back(&c);
      not_features.erase(name);
    }
    for (const NamedColumn& c : columns)
      if (!named.count(c.name) && !not_features.count(c.name))
        not_features[c.name] = "it is not named in --features";
  } else {
    for (const NamedColumn& c : columns) {
      if (not_features.count(c.name)) {
        // The date that says when the outcome came is a feature without
        // --outcome-date: its silent going surprised.
        if (c.name == spec.outcome_day &&
            std::find(spec.exclude.begin(), spec.exclude.end(), c.name) == spec.exclude.end())
          build.notes.push_back("\"" + c.name + "\" is not a feature: " + not_features[c.name]);
        continue;
      }
      TypeId type = c.column->type.id;
      if (type == TypeId::kString) {
        const TextValues values = DistinctStrings(*c.column, kept);
        const std::string distinct = std::to_string(values.distinct);
        if (values.distinct > spec.max_categories) {
          leave_out(c.name, "it has " + distinct + " distinct values (more than --max-categories " +
                                std::to_string(spec.max_categories) + "; an id or free text?)" +
                                kNameIt);
          continue;
        }
        if (values.NamesRows()) {
          leave_out(c.name, "it has " + distinct + " distinct values in " +
                                std::to_string(values.present) + " rows (an id or free text?)" +
                                kNameIt);
          continue;
        }
        if (values.distinct < 2) {  // a constant says nothing
          leave_out(c.name, values.distinct == 0 ? "it has no value" : "it has one value only");
          continue;
        }
      } else if (!IsNumericType(type)) {
        not_features[c.name] = "it is " + c.column->type.ToString() +
                               " (a feature is a number, a date, a boolean or text)";
        continue;
      }
      chosen.push_back(&c);
    }
  }
  for (const NamedColumn* c : chosen) {
    Feature f;
    if (c->column->type.id == TypeId::kString) {
      f = CategoricalFeature(*c);
      f.codes = KeepRows(f.codes, kept);
    } else {
      f.name = c->name;
      f.is_date = c->column->type.id == TypeId::kDate;
      f.is_boolean = c->column->type.id == TypeId::kBool;
      f.values = KeepRows(NumbersOf(*c, "the feature"), kept);
      if (spec.features.empty() && HasOneValueOnly(f.values)) {
        leave_out(c->name, std::all_of(f.values.begin(), f.values.end(),
                                       [](double v) { return std::isnan(v); })
                               ? "it has no value"
                               : "it has one value only");
        continue;
      }
    }
    frame.features.push_back(std::move(f));
  }
  if (frame.features.empty())
    throw Error(ErrorKind::kUsage, "no features: name them with --features");
  return build;
}

}  // namespace acctseg::learn
