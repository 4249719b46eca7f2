#include "table/date_time.h"

#include <chrono>

namespace acctseg {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// `count` digits at text[at..]; nullopt if any is not a digit.
std::optional<int> Digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

year_month_day Civil(int64_t days_since_epoch) {
  return year_month_day{sys_days{days{days_since_epoch}}};
}

int64_t DaysOf(const year_month_day& date) { return sys_days{date}.time_since_epoch().count(); }

// "YYYY-MM-DD" at the start of `text`.
std::optional<int64_t> DatePrefix(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return DaysOf(date);
}

// "+HH:MM", or ISO 8601's basic "+HHMM" (Salesforce writes "+0000") or
// "+HH"; "-" alike. As minutes east of UTC.
std::optional<int> SignedOffset(std::string_view text) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  std::optional<int> h = Digits(text, 1, 2), m;
  if (text.size() == 6 && text[3] == ':')
    m = Digits(text, 4, 2);
  else if (text.size() == 5)
    m = Digits(text, 3, 2);
  else if (text.size() == 3)
    m = 0;
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return (text[0] == '-' ? -1 : 1) * (*h * 60 + *m);
}

char* Two(int value, char* out) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out + 2;
}

}  // namespace

std::optional<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return DatePrefix(text);
}

std::optional<int64_t> ParseTimestamp(std::string_view text,
                                      std::optional<int> default_offset_minutes) {
  auto date = DatePrefix(text);
  if (!date || text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      text[13] != ':')
    return std::nullopt;
  auto hour = Digits(text, 11, 2), minute = Digits(text, 14, 2);
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  size_t at = 16;
  int second = 0;
  int64_t micros = 0;
  if (at < text.size() && text[at] == ':') {
    auto s = Digits(text, at + 1, 2);
    if (!s || *s > 59) return std::nullopt;  // no leap seconds: UTC days have 86400
    second = *s;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      size_t digits = 0;
      for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
        // Beyond a microsecond only zeros, as SQL Server and .NET pad to
        // 7 digits: anything else would be rounded silently.
        if (digits >= 6 && text[at] != '0') return std::nullopt;
        if (digits < 6) micros = micros * 10 + (text[at] - '0');
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 6; ++digits) micros *= 10;
    }
  }
  std::string_view zone = text.substr(at);
  std::optional<int> offset;
  if (zone == "Z" || zone == "z")
    offset = 0;
  else if (zone.empty())
    offset = default_offset_minutes;
  else
    offset = SignedOffset(zone);
  if (!offset) return std::nullopt;
  int64_t seconds = *hour * 3600 + *minute * 60 + second - int64_t{*offset} * 60;
  const int64_t instant = *date * kMicrosPerDay + seconds * 1'000'000 + micros;
  // An offset can carry the instant out of the years 0000 to 9999 in UTC
  // (9999-12-31T23:59:59-01:00), which no timestamp is written in.
  if (instant < kMinDateDays * kMicrosPerDay || instant >= (kMaxDateDays + 1) * kMicrosPerDay)
    return std::nullopt;
  return instant;
}

bool FinerThanAMicrosecond(std::string_view text) {
  if (text.size() < 20 || text[19] != '.') return false;
  size_t end = 20;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end - 20 <= 6) return false;
  // Only the fraction in the way: the value with 6 of its digits parses.
  std::string six(text.substr(0, 26));
  six += text.substr(end);
  return ParseTimestamp(six, 0).has_value();
}

std::optional<int> ParseUtcOffset(std::string_view text) {
  if (text == "UTC" || text == "Z") return 0;
  return SignedOffset(text);
}

size_t FormatDate(int64_t days_since_epoch, char* out) {
  year_month_day date = Civil(days_since_epoch);
  int y = static_cast<int>(date.year());
  char* p = out;
  if (y < 0) *p++ = '-', y = -y;  // only reachable through corrupt data
  p = Two(y / 100 % 100, p);
  p = Two(y % 100, p);
  *p++ = '-';
  p = Two(static_cast<int>(static_cast<unsigned>(date.month())), p);
  *p++ = '-';
  p = Two(static_cast<int>(static_cast<unsigned>(date.day())), p);
  return static_cast<size_t>(p - out);
}

std::string FormatDate(int64_t days_since_epoch) {
  char buffer[kDateTimeTextBytes];
  return std::string(buffer, FormatDate(days_since_epoch, buffer));
}

int64_t TimestampDay(int64_t micros) {
  int64_t day_number = micros / kMicrosPerDay;
  return micros % kMicrosPerDay < 0 ? day_number - 1 : day_number;
}

size_t FormatTimestamp(int64_t micros, char* out) {
  int64_t day_number = TimestampDay(micros);
  int64_t in_day = micros - day_number * kMicrosPerDay;
  char* p = out + FormatDate(day_number, out);
  int64_t seconds = in_day / 1'000'000;
  int fraction = static_cast<int>(in_day % 1'000'000);
  *p++ = 'T';
  p = Two(static_cast<int>(seconds / 3600), p);
  *p++ = ':';
  p = Two(static_cast<int>(seconds / 60 % 60), p);
  *p++ = ':';
  p = Two(static_cast<int>(seconds % 60), p);
  if (fraction != 0) {
    *p++ = '.';
    for (int unit = 100'000; unit > 0 && fraction != 0; unit /= 10) {
      *p++ = static_cast<char>('0' + fraction / unit);
      fraction %= unit;
    }
  }
  *p++ = 'Z';
  return static_cast<size_t>(p - out);
}

std::string FormatTimestamp(int64_t micros) {
  char buffer[kDateTimeTextBytes];
  return std::string(buffer, FormatTimestamp(micros, buffer));
}

std::optional<int64_t> AddMonths(int64_t days_since_epoch, int64_t months) {
  year_month_day date = Civil(days_since_epoch);
  int64_t month_index = int64_t{static_cast<int>(date.year())} * 12 +
                        static_cast<unsigned>(date.month()) - 1 + months;
  if (month_index < 0 || month_index >= 10000 * 12) return std::nullopt;
  year y{static_cast<int>(month_index / 12)};
  month m{static_cast<unsigned>(month_index % 12 + 1)};
  year_month_day moved{y, m, date.day()};
  if (!moved.ok())
    moved = year_month_day{std::chrono::year_month_day_last{y, m / std::chrono::last}};
  return DaysOf(moved);
}

std::optional<DateUnit> ParseDateUnit(std::string_view name) {
  if (name == "day") return DateUnit::kDay;
  if (name == "week") return DateUnit::kWeek;
  if (name == "month") return DateUnit::kMonth;
  if (name == "quarter") return DateUnit::kQuarter;
  if (name == "year") return DateUnit::kYear;
  return std::nullopt;
}

int64_t TruncateDate(int64_t days_since_epoch, DateUnit unit) {
  year_month_day date = Civil(days_since_epoch);
  unsigned m = static_cast<unsigned>(date.month());
  switch (unit) {
    case DateUnit::kDay:
      return days_since_epoch;
    case DateUnit::kWeek: {
      std::chrono::weekday weekday{sys_days{days{days_since_epoch}}};
      return days_since_epoch - (weekday.iso_encoding() - 1);
    }
    case DateUnit::kMonth:
      return DaysOf(date.year() / month{m} / 1);
    case DateUnit::kQuarter:
      return DaysOf(date.year() / month{(m - 1) / 3 * 3 + 1} / 1);
    case DateUnit::kYear:
      return DaysOf(date.year() / 1 / 1);
  }
  return days_since_epoch;
}

int64_t DatePartOf(int64_t days_since_epoch, DatePart part) {
  year_month_day date = Civil(days_since_epoch);
  switch (part) {
    case DatePart::kYear:
      return static_cast<int>(date.year());
    case DatePart::kMonth:
      return static_cast<unsigned>(date.month());
    case DatePart::kDay:
      return static_cast<unsigned>(date.day());
  }
  return 0;
}

int64_t TodayUtc() {
  return std::chrono::floor<days>(std::chrono::system_clock::now()).time_since_epoch().count();
}

}  // namespace acctseg
