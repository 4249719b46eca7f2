#include "server/dashboard_assets.h"

#include <gtest/gtest.h>

namespace acctseg {
namespace {

TEST(DashboardAssetTest, ServesThePageAndItsAssets) {
  auto page = DashboardAsset("/");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_NE(page->bytes.find("assets/dashboard.js"), std::string_view::npos);
  EXPECT_EQ(DashboardAsset("/index.html")->bytes, page->bytes);

  auto echarts = DashboardAsset("/assets/echarts.min.js");
  ASSERT_TRUE(echarts.has_value());
  EXPECT_EQ(echarts->content_type, "text/javascript; charset=utf-8");
  EXPECT_GT(echarts->bytes.size(), 100000u);  // the whole minified library, not a stub
  EXPECT_TRUE(DashboardAsset("/assets/dashboard.js").has_value());
  EXPECT_EQ(DashboardAsset("/assets/style.css")->content_type, "text/css; charset=utf-8");
}

TEST(DashboardAssetTest, NothingElse) {
  EXPECT_FALSE(DashboardAsset("/assets/").has_value());
  EXPECT_FALSE(DashboardAsset("/assets/../index.html").has_value());
  EXPECT_FALSE(DashboardAsset("/v1/summary").has_value());
  EXPECT_FALSE(DashboardAsset("").has_value());
}

}  // namespace
}  // namespace acctseg
