#include "server/dashboard_assets.h"

#include <array>

namespace acctseg {
// Defined by the files cmake/dashboard.cmake generates from web/.
extern const std::string_view kDashboardIndexHtml;
extern const std::string_view kDashboardJs;
extern const std::string_view kDashboardCss;
extern const std::string_view kEchartsMinJs;
}  // namespace acctseg

namespace acctseg::server {
namespace {

struct NamedFile {
  std::string_view path;
  const std::string_view* content;  // a pointer: the embedded views are set during static init
  std::string_view content_type;
};

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJavaScript = "text/javascript; charset=utf-8";
constexpr std::string_view kCss = "text/css; charset=utf-8";

const std::array<NamedFile, 5> kFiles = {{
    {"/", &kDashboardIndexHtml, kHtml},
    {"/index.html", &kDashboardIndexHtml, kHtml},
    {"/assets/dashboard.js", &kDashboardJs, kJavaScript},
    {"/assets/style.css", &kDashboardCss, kCss},
    {"/assets/echarts.min.js", &kEchartsMinJs, kJavaScript},
}};

}  // namespace

std::optional<DashboardAsset> FindDashboardAsset(std::string_view path) {
  for (const NamedFile& file : kFiles) {
    if (file.path == path) return DashboardAsset{*file.content, file.content_type};
  }
  return std::nullopt;
}

}  // namespace acctseg::server
