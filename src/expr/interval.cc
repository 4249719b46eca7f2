#include "expr/interval.h"

#include "common/ascii_case.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

// Splits at spaces and tabs.
std::string_view NextWord(std::string_view& rest) {
  size_t begin = rest.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return rest = {}, std::string_view();
  size_t end = rest.find_first_of(" \t", begin);
  if (end == std::string_view::npos) end = rest.size();
  std::string_view word = rest.substr(begin, end - begin);
  rest.remove_prefix(end);
  return word;
}

// Far beyond any date range, so sums cannot overflow.
constexpr int64_t kMaxIntervalCount = 100'000'000;

}  // namespace

std::optional<Interval> ParseInterval(std::string_view text) {
  Interval interval;
  bool any = false;
  for (std::string_view rest = text;;) {
    std::string_view count_text = NextWord(rest);
    if (count_text.empty()) break;
    auto count = ParseInt64(count_text);
    std::string unit = AsciiLower(NextWord(rest));
    if (!count || *count > kMaxIntervalCount || *count < -kMaxIntervalCount) return std::nullopt;
    if (unit == "day" || unit == "days")
      interval.days += *count;
    else if (unit == "week" || unit == "weeks")
      interval.days += 7 * *count;
    else if (unit == "month" || unit == "months")
      interval.months += *count;
    else if (unit == "year" || unit == "years")
      interval.months += 12 * *count;
    else
      return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  return interval;
}

std::optional<int64_t> AddIntervalToDate(int64_t days_since_epoch, const Interval& interval,
                                         int sign) {
  auto moved = AddMonths(days_since_epoch, sign * interval.months);
  if (!moved) return std::nullopt;
  int64_t result = *moved + sign * interval.days;
  if (result < kMinDateDays || result > kMaxDateDays) return std::nullopt;
  return result;
}

std::optional<int64_t> AddIntervalToTimestamp(int64_t micros, const Interval& interval, int sign) {
  int64_t day = TimestampDay(micros);
  auto moved = AddIntervalToDate(day, interval, sign);
  if (!moved) return std::nullopt;
  return *moved * kMicrosPerDay + (micros - day * kMicrosPerDay);
}

}  // namespace acctseg
