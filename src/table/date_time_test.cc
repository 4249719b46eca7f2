#include "table/date_time.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

TEST(DateTime, DatesAreDaysOfTheCalendar) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("2000-03-01"), 11017);
  EXPECT_EQ(ParseDate("0000-01-01"), kMinDateDays);
  EXPECT_EQ(ParseDate("9999-12-31"), kMaxDateDays);
  EXPECT_TRUE(ParseDate("2024-02-29"));   // leap year
  EXPECT_TRUE(ParseDate("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(ParseDate("1900-02-29"));  // divisible by 100 only
  EXPECT_FALSE(ParseDate("2023-02-29"));
  for (const char* bad : {"2024-02-31", "2024-13-01", "2024-00-10", "2024-04-31", "31/02/2024",
                          "2024-1-5", "2024-01-05 ", " 2024-01-05", "2024/01/05", "20240105", "",
                          "2024-01-05T00:00Z", "+2024-01-05", "2024-0a-05"})
    EXPECT_FALSE(ParseDate(bad)) << bad;
}

TEST(DateTime, TimestampsNeedAZone) {
  const int64_t day = *ParseDate("2024-02-29") * kMicrosPerDay;
  const int64_t hour = 3'600'000'000;
  EXPECT_EQ(ParseTimestamp("2024-02-29T13:05:00Z", std::nullopt), day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29 13:05Z", std::nullopt), day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29t13:05:00z", std::nullopt), day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T15:05:00+02:00", std::nullopt),
            day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00.5-01:30", std::nullopt),
            day + hour + hour / 2 + 500'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00.000001Z", std::nullopt), day + 1);
  // ISO 8601's basic offsets, as Salesforce writes every timestamp.
  EXPECT_EQ(ParseTimestamp("2024-02-29T13:05:00.000+0000", std::nullopt),
            day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T18:35:00+0530", std::nullopt),
            day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T08:05-05", std::nullopt), day + 13 * hour + 300'000'000);
  // Seven digits (SQL Server, .NET): exact when the seventh is a zero.
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00.1234560Z", std::nullopt), day + 123'456);
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00.000001000Z", std::nullopt), day + 1);
  // Without an offset: only with the column's zone.
  EXPECT_FALSE(ParseTimestamp("2024-02-29T13:05:00", std::nullopt));
  EXPECT_EQ(ParseTimestamp("2024-02-29T13:05:00", 0), day + 13 * hour + 300'000'000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T13:05:00", 120), day + 11 * hour + 300'000'000);
  for (const char* bad : {"2024-02-29T24:00:00Z",
                          "2024-02-29T25:00Z",
                          "2024-02-29T12:60Z",
                          "2024-02-29T12:00:60Z",
                          "2024-02-30T12:00Z",
                          "2024-02-29T12Z",
                          "2024-02-29T12:00:00.Z",
                          "2024-02-29T12:00:00.1234567Z",
                          "2024-02-29T12:00:00.0000000001Z",
                          "2024-02-29T12:00+2:00",
                          "2024-02-29T12:00+020",
                          "2024-02-29T12:00+2",
                          "2024-02-29T12:00+02:0",
                          "2024-02-29T12:00+0260",
                          "2024-02-29T12:00+2400",
                          "2024-02-29T12:00+24",
                          "2024-02-29T12:00+02-00",
                          "2024-02-29T12:00+24:00",
                          "2024-02-29T12:00 Z",
                          "2024-02-29",
                          "2024-02-29X12:00Z"})
    EXPECT_FALSE(ParseTimestamp(bad, 0)) << bad;
  // An offset may not carry the instant out of the years 0000 to 9999 in
  // UTC; to their very ends it may.
  EXPECT_FALSE(ParseTimestamp("9999-12-31T23:59:59-01:00", std::nullopt));
  EXPECT_FALSE(ParseTimestamp("0000-01-01T00:00:00+01:00", std::nullopt));
  EXPECT_FALSE(ParseTimestamp("9999-12-31T23:30", -60));
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59.999999Z", std::nullopt),
            (kMaxDateDays + 1) * kMicrosPerDay - 1);
  EXPECT_EQ(ParseTimestamp("0000-01-01T01:00:00+01:00", std::nullopt),
            kMinDateDays * kMicrosPerDay);
}

TEST(DateTime, ZonesAreUtcOrFixedOffsets) {
  EXPECT_EQ(ParseUtcOffset("UTC"), 0);
  EXPECT_EQ(ParseUtcOffset("Z"), 0);
  EXPECT_EQ(ParseUtcOffset("+02:00"), 120);
  EXPECT_EQ(ParseUtcOffset("-05:30"), -330);
  EXPECT_FALSE(ParseUtcOffset("Europe/Paris"));
  EXPECT_FALSE(ParseUtcOffset("+2"));
  EXPECT_EQ(ParseUtcOffset("+0530"), 330);
  EXPECT_EQ(ParseUtcOffset("-03"), -180);
  EXPECT_FALSE(ParseUtcOffset("+053"));
}

TEST(DateTime, FormatsAreIso8601AndRoundTrip) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(kMinDateDays), "0000-01-01");
  EXPECT_EQ(FormatDate(kMaxDateDays), "9999-12-31");
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatTimestamp(250'000), "1970-01-01T00:00:00.25Z");
  for (const char* text : {"2024-02-29", "1900-03-01", "0001-01-01", "9999-12-31"})
    EXPECT_EQ(FormatDate(*ParseDate(text)), text);
  for (const char* text : {"2024-02-29T13:05:00Z", "1969-07-20T20:17:40.5Z",
                           "2024-12-31T23:59:59.999999Z", "0000-01-01T00:00:00Z"})
    EXPECT_EQ(FormatTimestamp(*ParseTimestamp(text, std::nullopt)), text);
}

TEST(DateTime, MonthsClampToTheMonthsEnd) {
  auto add = [](const char* date, int64_t months) {
    auto days = AddMonths(*ParseDate(date), months);
    return days ? FormatDate(*days) : "out of range";
  };
  EXPECT_EQ(add("2024-01-31", 1), "2024-02-29");
  EXPECT_EQ(add("2023-01-31", 1), "2023-02-28");
  EXPECT_EQ(add("2024-02-29", 12), "2025-02-28");
  EXPECT_EQ(add("2024-03-31", -1), "2024-02-29");
  EXPECT_EQ(add("2024-05-15", -17), "2022-12-15");
  EXPECT_EQ(add("9999-12-01", 1), "out of range");
  EXPECT_EQ(add("0000-01-01", -1), "out of range");
}

TEST(DateTime, TruncationAndParts) {
  auto trunc = [](const char* date, DateUnit unit) {
    return FormatDate(TruncateDate(*ParseDate(date), unit));
  };
  EXPECT_EQ(trunc("2024-02-29", DateUnit::kWeek), "2024-02-26");  // a Thursday
  EXPECT_EQ(trunc("1970-01-01", DateUnit::kWeek), "1969-12-29");  // before the epoch
  EXPECT_EQ(trunc("2024-11-30", DateUnit::kQuarter), "2024-10-01");
  EXPECT_EQ(trunc("2024-11-30", DateUnit::kMonth), "2024-11-01");
  EXPECT_EQ(trunc("2024-11-30", DateUnit::kYear), "2024-01-01");
  EXPECT_EQ(DatePartOf(*ParseDate("1969-07-20"), DatePart::kYear), 1969);
  EXPECT_EQ(DatePartOf(*ParseDate("1969-07-20"), DatePart::kMonth), 7);
  EXPECT_EQ(DatePartOf(*ParseDate("1969-07-20"), DatePart::kDay), 20);
  EXPECT_EQ(TimestampDay(-1), -1);
  EXPECT_EQ(TimestampDay(kMicrosPerDay), 1);
}

}  // namespace
}  // namespace acctseg
