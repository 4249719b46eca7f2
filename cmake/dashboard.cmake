# The dashboard (web/, docs/dashboard.md): the page files and ECharts from
# npm, embedded into TARGET (src/server/dashboard_assets.cc reads them) so
# `acctseg serve` needs no files and no network at run time. Included from
# CMakeLists.txt after acctseg_embed() and the server layer are defined.
function(acctseg_embed_dashboard target)
  set(echarts web/node_modules/echarts/dist/echarts.min.js)
  if(NOT EXISTS ${CMAKE_SOURCE_DIR}/${echarts})
    message(FATAL_ERROR "${CMAKE_SOURCE_DIR}/${echarts} is missing: the dashboard embeds "
                        "ECharts from npm. Run `npm ci --prefix web` (scripts/install-deps.sh does).")
  endif()
  acctseg_embed(${target} web/index.html kDashboardIndexHtml)
  acctseg_embed(${target} web/dashboard.js kDashboardJs)
  acctseg_embed(${target} web/style.css kDashboardCss)
  acctseg_embed(${target} ${echarts} kEchartsMinJs)
endfunction()
