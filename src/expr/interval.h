// INTERVAL '...': a span of calendar months and days that a date or a
// timestamp moves by. Months are added first, on the calendar (the day
// clamped to the month's end, as PostgreSQL does), then days. An interval is
// a literal only, never a column or a row value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acctseg {

struct Interval {
  int64_t months = 0;
  int64_t days = 0;
};

// "30 days", "1 month", "2 years 6 months", "-1 week": whole numbers with
// day(s), week(s), month(s), year(s) (case-insensitive). nullopt otherwise.
std::optional<Interval> ParseInterval(std::string_view text);

// `days_since_epoch` moved by `sign` (1 or -1) times `interval`; nullopt
// outside the years 0000 to 9999.
std::optional<int64_t> AddIntervalToDate(int64_t days_since_epoch, const Interval& interval,
                                         int sign);
// The same for a timestamp (microseconds, UTC): the time of day is kept.
std::optional<int64_t> AddIntervalToTimestamp(int64_t micros, const Interval& interval, int sign);

}  // namespace acctseg
