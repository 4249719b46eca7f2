// CellFromJson: a JSON value read for an input column as the file reader
// reads that column's field (the LiveUniverse tests cover it through events).
#include "live/universe_cell.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace acctseg {
namespace {

TEST(LiveCellTest, ATimestampWithoutAZoneIsNamedAsSuch) {
  CsvColumnRequest at;
  at.name = "at";
  at.type = DataType::Timestamp();
  EXPECT_EQ(CellFromJson(at, "2024-02-29T13:05:00Z", "e.set.at").number, 1709211900000000);
  try {
    CellFromJson(at, "2024-02-29 13:05", "e.set.at");
    ADD_FAILURE() << "a timestamp without a zone was taken";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "e.set.at: \"2024-02-29 13:05\" has no time zone (expected Z or an offset like "
                 "+02:00 after the time, or timezone: on the column)");
  }
  at.utc_offset_minutes = 120;  // timezone: '+02:00' on the column
  EXPECT_EQ(CellFromJson(at, "2024-02-29 15:05", "e.set.at").number, 1709211900000000);
}

TEST(LiveCellTest, WithoutExponentMovesThePointExactly) {
  EXPECT_EQ(WithoutExponent("1e2"), "100");
  EXPECT_EQ(WithoutExponent("-2.5E-3"), "-0.0025");
  EXPECT_EQ(WithoutExponent("1.5e+1"), "15");
  EXPECT_EQ(WithoutExponent("1250e-3"), "1.25");
  EXPECT_EQ(WithoutExponent("0e9"), "0");
  EXPECT_EQ(WithoutExponent("12.30"), "12.30");  // as written: the reader judges its decimals
  EXPECT_EQ(WithoutExponent("1e41"), std::nullopt);
}

}  // namespace
}  // namespace acctseg
