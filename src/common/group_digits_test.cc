#include "common/group_digits.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

TEST(GroupDigits, ThousandsOfTheIntegerPartOnly) {
  EXPECT_EQ(GroupDigits("1234567"), "1,234,567");
  EXPECT_EQ(GroupDigits("123"), "123");
  EXPECT_EQ(GroupDigits("1000"), "1,000");
  EXPECT_EQ(GroupDigits("-1234.5678"), "-1,234.5678");
  EXPECT_EQ(GroupDigits("+100000"), "+100,000");
  EXPECT_EQ(GroupDigits(""), "");
}

}  // namespace
}  // namespace acctseg
