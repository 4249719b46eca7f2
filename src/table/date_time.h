// Dates and timestamps: their text forms and their calendar arithmetic.
// A date is an int64 count of days since 1970-01-01 (proleptic Gregorian
// calendar); a timestamp is an int64 count of microseconds since
// 1970-01-01T00:00:00Z, always UTC. Validity and day numbers come from
// std::chrono's civil calendar (year_month_day), not from hand-written
// calendar math. Values stay within years 0000 to 9999, the years ISO 8601
// writes with four digits; arithmetic that leaves them reports it (nullopt).
// Every function is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acctseg {

inline constexpr int64_t kMicrosPerDay = 86'400'000'000;
// 0000-01-01 and 9999-12-31 as days since 1970-01-01.
inline constexpr int64_t kMinDateDays = -719'528;
inline constexpr int64_t kMaxDateDays = 2'932'896;

// "YYYY-MM-DD" exactly, a day of the calendar; nullopt otherwise
// ("2024-02-31", "31/02/2024", "2024-1-5").
std::optional<int64_t> ParseDate(std::string_view text);

// ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" (a space may replace the T;
// digits of the fraction past the sixth must be zeros: a microsecond is the
// precision) followed by "Z" or an offset "+HH:MM", "+HHMM" or "+HH" ("-"
// alike). Text without an offset
// takes `default_offset_minutes` (minutes east of UTC) when given, and is
// invalid otherwise: a timestamp is never read in an unstated time zone.
// Invalid too where the offset moves the instant out of the years 0000 to
// 9999 in UTC.
std::optional<int64_t> ParseTimestamp(std::string_view text,
                                      std::optional<int> default_offset_minutes);

// Whether `text` is a timestamp but for digits of its fraction, past the
// sixth, that are not zero: for a message that says so.
bool FinerThanAMicrosecond(std::string_view text);

// A column's declared time zone: "UTC", "Z" or a fixed offset as a
// timestamp writes it ("+HH:MM", "+HHMM", "+HH"; "-" alike), as minutes
// east of UTC; nullopt for anything else.
std::optional<int> ParseUtcOffset(std::string_view text);

// "2024-02-29"; `out` needs kDateTimeTextBytes bytes. Returns the length.
inline constexpr size_t kDateTimeTextBytes = 32;
size_t FormatDate(int64_t days, char* out);
std::string FormatDate(int64_t days);
// "2024-02-29T13:05:00Z", with ".5" or ".123456" only when the fraction is
// not zero (trailing zeros dropped, as PostgreSQL writes it).
size_t FormatTimestamp(int64_t micros, char* out);
std::string FormatTimestamp(int64_t micros);

// The day of a timestamp, in UTC.
int64_t TimestampDay(int64_t micros);

// Calendar months added to a date; a day past the end of the new month is
// clamped to its last day (2024-01-31 + 1 month = 2024-02-29), as
// PostgreSQL does. nullopt outside the years 0000 to 9999.
std::optional<int64_t> AddMonths(int64_t days, int64_t months);

// A date's start of period: ISO weeks start on Monday.
enum class DateUnit { kDay, kWeek, kMonth, kQuarter, kYear };
std::optional<DateUnit> ParseDateUnit(std::string_view lower_case_name);
int64_t TruncateDate(int64_t days, DateUnit unit);

enum class DatePart { kYear, kMonth, kDay };
int64_t DatePartOf(int64_t days, DatePart part);

// Today's date in UTC, from the system clock.
int64_t TodayUtc();

}  // namespace acctseg
