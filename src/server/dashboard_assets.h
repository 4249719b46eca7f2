// The dashboard's files (GET / and /assets/...), built into the binary so
// the server needs no files and no network at run time. The web/ build
// (docs/serve.md, "Dashboard") provides them; the server only looks them up.
#pragma once

#include <optional>
#include <string_view>

namespace acctseg::server {

struct DashboardAsset {
  std::string_view content;
  std::string_view content_type;
};

// The file served at `path` ("/" is the page itself), or nullopt (404).
std::optional<DashboardAsset> FindDashboardAsset(std::string_view path);

}  // namespace acctseg::server
