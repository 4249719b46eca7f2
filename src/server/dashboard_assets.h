// The dashboard's files (GET / and /assets/...): web/'s page, script and
// style and ECharts from npm, embedded into the binary at build time by
// cmake/dashboard.cmake, so the server needs no files and no network at run
// time (docs/dashboard.md). The server only looks them up.
#pragma once

#include <optional>
#include <string_view>

namespace acctseg::server {

struct DashboardAsset {
  std::string_view content;       // static storage: valid for the whole run
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
};

// The file served at `path`: "/" (and "/index.html") is the page,
// "/assets/NAME" one of its assets; nullopt for anything else (a 404).
// Exact matches only, so no path can reach outside the embedded set.
std::optional<DashboardAsset> FindDashboardAsset(std::string_view path);

}  // namespace acctseg::server
