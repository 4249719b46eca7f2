#include "server/dashboard_assets.h"

#include <gtest/gtest.h>

namespace acctseg::server {
namespace {

TEST(DashboardAssetTest, ServesThePageAndItsAssets) {
  auto page = FindDashboardAsset("/");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  EXPECT_NE(page->content.find("assets/dashboard.js"), std::string_view::npos);
  EXPECT_EQ(FindDashboardAsset("/index.html")->content, page->content);

  auto echarts = FindDashboardAsset("/assets/echarts.min.js");
  ASSERT_TRUE(echarts.has_value());
  EXPECT_EQ(echarts->content_type, "text/javascript; charset=utf-8");
  EXPECT_GT(echarts->content.size(), 100000u);  // the whole minified library, not a stub
  EXPECT_TRUE(FindDashboardAsset("/assets/dashboard.js").has_value());
  EXPECT_EQ(FindDashboardAsset("/assets/style.css")->content_type, "text/css; charset=utf-8");
}

TEST(DashboardAssetTest, NothingElse) {
  EXPECT_FALSE(FindDashboardAsset("/assets/").has_value());
  EXPECT_FALSE(FindDashboardAsset("/assets/../index.html").has_value());
  EXPECT_FALSE(FindDashboardAsset("/v1/summary").has_value());
  EXPECT_FALSE(FindDashboardAsset("").has_value());
}

}  // namespace
}  // namespace acctseg::server
