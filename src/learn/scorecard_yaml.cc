#include "learn/scorecard_yaml.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.h"
#include "table/date_time.h"

namespace acctseg::learn {
namespace {

// The expression language's reserved words (docs/policy-language.md §4.2).
constexpr const char* kKeywords[] = {"AND",   "OR",      "NOT",  "IN",   "IS",    "NULL", "TRUE",
                                     "FALSE", "BETWEEN", "LIKE", "CASE", "WHEN",  "THEN", "ELSE",
                                     "END",   "ASC",     "DESC", "BY",   "ESCAPE"};

std::string Column(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* keyword : kKeywords) plain = plain && upper != keyword;
  if (plain) return name;
  if (name.find('"') != std::string::npos)
    throw Error(ErrorKind::kUsage, "the feature \"" + name +
                                       "\" has a double quote in its name, which an expression "
                                       "cannot name; leave it out with --exclude");
  return "\"" + name + "\"";
}

std::string StringLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A cut as the column's own kind of literal. Cuts are data values, so an
// integer prints whole and a decimal within its nine digits, exactly.
std::string Literal(double value, ValueSyntax syntax) {
  if (syntax == ValueSyntax::kDate) return "DATE '" + FormatDate(std::llround(value)) + "'";
  if (syntax == ValueSyntax::kTimestamp)
    return "TIMESTAMP '" + FormatTimestamp(std::llround(value * 86400e6)) + "'";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  std::string out = fmt::format("{:.9f}", value);
  out.erase(out.find_last_not_of('0') + 1);
  return out;
}

// YAML scalar: plain where that reads back the same text, else a folded
// block (`>-` on its own line, the text indented below), which needs no
// escapes, so a quoted column name reads as it is written in a policy.
std::string Scalar(const std::string& text, const std::string& indent) {
  bool plain =
      !text.empty() && std::string("-?:,[]{}#&*!|>'\"%@`").find(text[0]) == std::string::npos;
  plain = plain && text.find(": ") == std::string::npos && text.find(" #") == std::string::npos &&
          text.front() != ' ' && text.back() != ' ' && text.back() != ':';
  return plain ? text : ">-\n" + indent + text;
}

// A cut as a person reads it: a date as a date (not days since 1970), a
// number as its literal.
std::string ReadableCut(double value, ValueSyntax syntax) {
  if (syntax == ValueSyntax::kDate) return FormatDate(std::llround(value));
  if (syntax == ValueSyntax::kTimestamp) return FormatTimestamp(std::llround(value * 86400e6));
  return Literal(value, ValueSyntax::kNumber);
}

std::string Reason(const BinnedFeature& f, size_t bin, ValueSyntax syntax) {
  const WoeBin& b = f.bins[bin];
  if (b.is_missing) return f.name + " missing";
  if (b.is_other) return f.name + " other";
  if (f.kind == FeatureKind::kCategorical) return f.name + " " + f.categories[b.codes[0]];
  if (syntax == ValueSyntax::kBoolean) return f.name + (std::isinf(b.lower) ? " false" : " true");
  if (std::isinf(b.lower) && std::isinf(b.upper)) return f.name + " present";
  // Dates read "before" and "or later", numbers "below" and "or more".
  const bool time = syntax == ValueSyntax::kDate || syntax == ValueSyntax::kTimestamp;
  const std::string lower = ReadableCut(b.lower, syntax), upper = ReadableCut(b.upper, syntax);
  if (std::isinf(b.lower)) return f.name + (time ? " before " : " below ") + upper;
  if (std::isinf(b.upper)) return f.name + " " + lower + (time ? " or later" : " or more");
  return f.name + " " + lower + " to before " + upper;
}

}  // namespace

std::string BinCondition(const BinnedFeature& f, size_t bin, ValueSyntax syntax) {
  const std::string column = Column(f.name);
  const WoeBin& b = f.bins[bin];
  if (b.is_missing) return column + " IS NULL";
  if (f.kind == FeatureKind::kCategorical) {
    if (!b.is_other) return column + " = " + StringLiteral(f.categories[b.codes[0]]);
    std::string listed;
    for (const WoeBin& other : f.bins)
      if (!other.is_other && !other.is_missing)
        listed += (listed.empty() ? "" : ", ") + StringLiteral(f.categories[other.codes[0]]);
    return listed.empty() ? column + " IS NOT NULL" : column + " NOT IN (" + listed + ")";
  }
  bool low = !std::isinf(b.lower), high = !std::isinf(b.upper);
  if (!low && !high) return column + " IS NOT NULL";
  if (syntax == ValueSyntax::kBoolean) return column + (low ? " = TRUE" : " = FALSE");
  std::string lower = column + " >= " + Literal(b.lower, syntax);
  std::string upper = column + " < " + Literal(b.upper, syntax);
  return low && high ? lower + " AND " + upper : low ? lower : upper;
}

std::string ScorecardYaml(const ScorecardResult& result, const ScorecardYamlOptions& options) {
  const Scorecard& card = result.card;
  std::string out =
      "# Learned scorecard (acctseg learn scorecard). Paste it under the policy's `steps:`,\n"
      "# after the steps that make its columns, and add " +
      options.output + " to output.columns.\n";
  if (!options.command.empty()) out += "# Learned with: " + options.command + "\n";
  out += "# Learned from " + std::to_string(result.rows) + " deals, " +
         std::to_string(result.wins) + " won; " + std::to_string(result.fold_auc.size()) +
         "-fold CV AUC " + fmt::format("{:.4f}", result.cv_auc.mean) + " +/- " +
         fmt::format("{:.4f}", result.cv_auc.sd) + ", AUC on its own rows " +
         fmt::format("{:.4f}", result.training_auc) + ".\n";
  out += "# Points: score = " + fmt::format("{:.4f}", card.offset) + " + " +
         fmt::format("{:.4f}", card.factor) + " * ln(odds of a win); every " +
         fmt::format("{:g}", card.factor * std::log(2.0)) + " points double the odds. Intercept " +
         fmt::format("{:.4f}", card.intercept) + ".\n";
  for (const DroppedFeature& d : card.dropped)
    out += "# Left out: " + d.name + " (" + d.reason + ")\n";
  out += "  - score:\n      output: " + Scalar(options.output, "        ") + "\n      terms:\n";
  for (const ScorecardFeature& f : card.features) {
    ValueSyntax syntax = f.frame_index < options.syntax.size() ? options.syntax[f.frame_index]
                                                               : ValueSyntax::kNumber;
    out += "        # " + f.binned.name + ": IV " + fmt::format("{:.4f}", f.binned.iv) +
           ", coefficient " + fmt::format("{:.4f}", f.coefficient) + "\n";
    for (size_t bin = 0; bin < f.binned.bins.size(); ++bin) {
      const WoeBin& b = f.binned.bins[bin];
      out += "        # WoE " + fmt::format("{:+.4f}", b.woe) + ", " + std::to_string(b.deals()) +
             " deals, win rate " + fmt::format("{:.1f}%", 100 * b.win_rate()) +
             (b.deals() == 0 ? " (none in training: neutral)" : "") + "\n";
      out +=
          "        - when: " + Scalar(BinCondition(f.binned, bin, syntax), "            ") + "\n";
      out += "          points: " + std::to_string(f.points[bin]) + "\n";
      out += "          reason: " + Scalar(Reason(f.binned, bin, syntax), "            ") + "\n";
    }
  }
  return out;
}

}  // namespace acctseg::learn
