#include "server/dashboard_assets.h"

namespace acctseg::server {

// Until the dashboard (web/) is built in, "/" says where the API is.
std::optional<DashboardAsset> FindDashboardAsset(std::string_view path) {
  if (path != "/") return std::nullopt;
  static constexpr std::string_view kPage =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>acctseg serve</title></head>"
      "<body><h1>acctseg serve</h1><p>The API is described at <a "
      "href=\"/openapi.json\">/openapi.json</a>; health at <a "
      "href=\"/healthz\">/healthz</a>.</p></body></html>\n";
  return DashboardAsset{kPage, "text/html; charset=utf-8"};
}

}  // namespace acctseg::server
