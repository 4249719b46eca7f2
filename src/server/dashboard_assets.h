// The dashboard's files (web/: the page, its script and style, and ECharts
// from npm), embedded into the binary at build time by cmake/dashboard.cmake,
// so `acctseg serve` needs no files and no network at run time
// (docs/dashboard.md). The server answers `/` and `/assets/*` from here.
#pragma once

#include <optional>
#include <string_view>

namespace acctseg {

struct DashboardFile {
  std::string_view bytes;         // static storage: valid for the whole run
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
};

// The file for a request path: "/" (and "/index.html") is the page,
// "/assets/NAME" one of its assets; nullopt for anything else (a 404).
// Exact matches only, so no path can reach outside the embedded set.
std::optional<DashboardFile> DashboardAsset(std::string_view path);

}  // namespace acctseg
