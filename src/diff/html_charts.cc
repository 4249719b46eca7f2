// SVG charts of the HTML diff report. Geometry is computed here; colors and
// fonts that CSS can set are left to the page's stylesheet (classes hm-*, sk-*).
#include "diff/html_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "common/group_digits.h"
#include "diff/render_internal.h"

namespace acctseg {
namespace {

constexpr double kCharWidth = 7.0;  // average width of a 12px sans-serif character
constexpr size_t kMaxLabelChars = 22;

// "12.5" with at most one decimal: SVG coordinates need no more.
std::string Px(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

struct Rgb {
  int red, green, blue;
};

// Linear blend from `low` to `high` at `t` in [0, 1].
std::string Blend(Rgb low, Rgb high, double t) {
  auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", mix(low.red, high.red),
                mix(low.green, high.green), mix(low.blue, high.blue));
  return buffer;
}

std::string Label(std::string_view value) {
  return HtmlEscape(ClipText(value, kMaxLabelChars, "\u2026"));
}

double LabelWidth(const std::vector<std::string>& values) {
  size_t longest = 0;
  for (const std::string& value : values)
    longest = std::max(longest, std::min(DisplayWidth(value), kMaxLabelChars));
  return longest * kCharWidth;
}

std::string CellTitle(const DiffReport& report, const MigrationCell& cell) {
  std::string title = cell.from + " \u2192 " + cell.to + ": " + std::to_string(cell.count) +
                      (cell.count == 1 ? " account" : " accounts");
  for (size_t m = 0; m < report.measures.size() && m < cell.measure_sums.size(); ++m)
    title += "; " + report.measures[m].name + " " +
             GroupDigits(FormatMeasure(report, m, cell.measure_sums[m]));
  return HtmlEscape(title);
}

}  // namespace

const char* ValueColor(size_t index) {
  static constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                             "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return kPalette[index % 10];
}

std::string HeatMapSvg(const DiffReport& report, const Migration& migration) {
  MatrixView matrix(migration);
  size_t value_count = matrix.size();
  const double cell_width = 68, cell_height = 34;
  double label_width = std::max(60.0, LabelWidth(migration.values) + 16);
  bool rotate = LabelWidth(migration.values) > cell_width - 8;
  double header_height =
      22 + (rotate ? std::min(LabelWidth(migration.values), 150.0) * 0.72 + 8 : 22);
  double grid_left = label_width + 22;  // room for the vertical "before" title
  double grid_top = header_height;
  double width = grid_left + (value_count + 1) * cell_width + 8;
  double height = grid_top + (value_count + 1) * cell_height + 8;

  std::string svg = "<svg class=\"heatmap\" width=\"" + Px(width) + "\" height=\"" + Px(height) +
                    "\" viewBox=\"0 0 " + Px(width) + " " + Px(height) + "\" role=\"img\">";
  svg += "<title>" + HtmlEscape(migration.dimension) + " before \u2192 after</title>";
  svg += "<text class=\"hm-axis\" x=\"" + Px(grid_left + value_count * cell_width / 2) +
         "\" y=\"14\" text-anchor=\"middle\">after</text>";
  svg += "<text class=\"hm-axis\" transform=\"translate(14 " +
         Px(grid_top + value_count * cell_height / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">before</text>";

  // Column labels (after), then the totals column.
  for (size_t to = 0; to <= value_count; ++to) {
    double x = grid_left + to * cell_width + cell_width / 2;
    std::string text = to < value_count ? Label(matrix.value(to)) : "total";
    std::string cls = to < value_count ? "hm-label" : "hm-label hm-total";
    if (rotate && to < value_count)
      svg += "<text class=\"" + cls + "\" transform=\"translate(" + Px(x - 4) + " " +
             Px(grid_top - 6) + ") rotate(-40)\">" + text + "</text>";
    else
      svg += "<text class=\"" + cls + "\" x=\"" + Px(x) + "\" y=\"" + Px(grid_top - 8) +
             "\" text-anchor=\"middle\">" + text + "</text>";
  }

  const Rgb kStayedLow{241, 245, 249}, kStayedHigh{71, 85, 105};
  const Rgb kMovedLow{255, 237, 213}, kMovedHigh{194, 65, 12};
  for (size_t from = 0; from <= value_count; ++from) {
    double y = grid_top + from * cell_height;
    std::string row_label = from < value_count ? Label(matrix.value(from)) : "total";
    svg += "<text class=\"hm-label" + std::string(from < value_count ? "" : " hm-total") +
           "\" x=\"" + Px(grid_left - 8) + "\" y=\"" + Px(y + cell_height / 2 + 4) +
           "\" text-anchor=\"end\">" + row_label + "</text>";
    for (size_t to = 0; to <= value_count; ++to) {
      double x = grid_left + to * cell_width;
      std::string rect = "<rect x=\"" + Px(x + 1) + "\" y=\"" + Px(y + 1) + "\" width=\"" +
                         Px(cell_width - 2) + "\" height=\"" + Px(cell_height - 2) + "\" rx=\"3\"";
      double text_x = x + cell_width / 2, text_y = y + cell_height / 2 + 4;
      if (from == value_count || to == value_count) {
        uint64_t total = from == value_count ? (to == value_count ? 0 : matrix.ColumnTotal(to))
                                             : matrix.RowTotal(from);
        if (from == value_count && to == value_count) continue;
        svg += rect + " class=\"hm-totalcell\"/><text class=\"hm-num hm-total\" x=\"" + Px(text_x) +
               "\" y=\"" + Px(text_y) + "\" text-anchor=\"middle\">" +
               GroupDigits(std::to_string(total)) + "</text>";
        continue;
      }
      const MigrationCell* cell = matrix.At(from, to);
      if (cell == nullptr) {
        svg += rect + " class=\"hm-empty\"/>";
        continue;
      }
      bool stayed = from == to;
      uint64_t max = stayed ? matrix.MaxStayed() : matrix.MaxMoved();
      double t = max == 0 ? 0 : std::sqrt(static_cast<double>(cell->count) / max);
      t = 0.12 + 0.88 * t;  // a cell with one account still shows color
      std::string fill =
          stayed ? Blend(kStayedLow, kStayedHigh, t) : Blend(kMovedLow, kMovedHigh, t);
      svg += "<g>" + rect + " fill=\"" + fill + "\"/><text class=\"hm-num\" x=\"" + Px(text_x) +
             "\" y=\"" + Px(text_y) + "\" text-anchor=\"middle\" fill=\"" +
             (t > 0.6 ? "#ffffff" : "#1f2937") + "\">" + GroupDigits(std::to_string(cell->count)) +
             "</text><title>" + CellTitle(report, *cell) + (stayed ? " (stayed)" : "") +
             "</title></g>";
    }
  }
  return svg + "</svg>";
}

std::string SankeySvg(const Migration& migration) {
  MatrixView matrix(migration);
  size_t value_count = matrix.size();
  uint64_t matched = 0;
  size_t left_nodes = 0, right_nodes = 0, bands = 0;
  for (size_t v = 0; v < value_count; ++v) {
    matched += matrix.RowTotal(v);
    left_nodes += matrix.RowTotal(v) > 0;
    right_nodes += matrix.ColumnTotal(v) > 0;
  }
  for (const MigrationCell& cell : migration.cells) bands += cell.count > 0;
  if (matched == 0) return "<p class=\"muted\">No accounts on both sides.</p>";

  const double kGap = 16, kNodeWidth = 14, kMinBand = 2, kTop = 30;
  size_t node_rows = std::max(left_nodes, right_nodes);
  double content = std::clamp(node_rows * 44.0, 260.0, 900.0);
  double available = content - kGap * (node_rows - 1) - kMinBand * bands;
  double scale = std::max(available, content * 0.3) / matched;
  auto thickness = [&](uint64_t count) { return std::max(count * scale, kMinBand); };

  double label_room = LabelWidth(migration.values) + 70;  // value + count
  double width = std::max(900.0, 2 * label_room + 420);
  double left_x = label_room, right_x = width - label_room - kNodeWidth;

  // Node extents: each node is as tall as the bands it holds.
  std::vector<double> left_height(value_count, 0), right_height(value_count, 0);
  for (const MigrationCell& cell : migration.cells) {
    size_t from = std::lower_bound(migration.values.begin(), migration.values.end(), cell.from) -
                  migration.values.begin();
    size_t to = std::lower_bound(migration.values.begin(), migration.values.end(), cell.to) -
                migration.values.begin();
    left_height[from] += thickness(cell.count);
    right_height[to] += thickness(cell.count);
  }
  auto stack = [&](const std::vector<double>& heights, std::vector<double>* tops) {
    double y = 0;
    tops->assign(value_count, 0);
    for (size_t v = 0; v < value_count; ++v) {
      if (heights[v] == 0) continue;
      (*tops)[v] = y;
      y += heights[v] + kGap;
    }
    return y - kGap;
  };
  std::vector<double> left_top, right_top;
  double left_span = stack(left_height, &left_top);
  double right_span = stack(right_height, &right_top);
  double span = std::max(left_span, right_span);
  for (double& top : left_top) top += kTop + (span - left_span) / 2;
  for (double& top : right_top) top += kTop + (span - right_span) / 2;
  double height = kTop + span + 12;

  std::string svg = "<svg class=\"sankey\" width=\"" + Px(width) + "\" height=\"" + Px(height) +
                    "\" viewBox=\"0 0 " + Px(width) + " " + Px(height) + "\" role=\"img\">";
  svg += "<title>" + HtmlEscape(migration.dimension) + ": flow from before to after</title>";
  svg += "<text class=\"sk-head\" x=\"" + Px(left_x + kNodeWidth / 2) +
         "\" y=\"16\" text-anchor=\"middle\">before</text>";
  svg += "<text class=\"sk-head\" x=\"" + Px(right_x + kNodeWidth / 2) +
         "\" y=\"16\" text-anchor=\"middle\">after</text>";

  // Bands: leave each left node in target order, enter each right node in
  // source order. Stayed bands first so that moves draw on top.
  std::vector<double> left_cursor = left_top, right_cursor = right_top;
  struct Placed {
    size_t cell;
    double left_y, right_y;
  };
  std::vector<Placed> placed(migration.cells.size());
  auto cell_index = [&](const MigrationCell* cell) {
    return static_cast<size_t>(cell - migration.cells.data());
  };
  for (size_t from = 0; from < value_count; ++from)
    for (size_t to = 0; to < value_count; ++to)
      if (const MigrationCell* cell = matrix.At(from, to)) {
        placed[cell_index(cell)].left_y = left_cursor[from];
        left_cursor[from] += thickness(cell->count);
      }
  for (size_t to = 0; to < value_count; ++to)
    for (size_t from = 0; from < value_count; ++from)
      if (const MigrationCell* cell = matrix.At(from, to)) {
        placed[cell_index(cell)].right_y = right_cursor[to];
        right_cursor[to] += thickness(cell->count);
      }
  double x0 = left_x + kNodeWidth, x1 = right_x, middle = (x0 + x1) / 2;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t from = 0; from < value_count; ++from) {
      for (size_t to = 0; to < value_count; ++to) {
        const MigrationCell* cell = matrix.At(from, to);
        if (cell == nullptr || (from == to) != (pass == 0)) continue;
        const Placed& at = placed[cell_index(cell)];
        double band = thickness(cell->count);
        // Top edge left to right, bottom edge back: a filled band.
        double top0 = at.left_y, top1 = at.right_y, bottom0 = top0 + band, bottom1 = top1 + band;
        std::string path;
        for (auto [command, x, y] : {std::tuple{'M', x0, top0},
                                     {'C', middle, top0},
                                     {' ', middle, top1},
                                     {' ', x1, top1},
                                     {'L', x1, bottom1},
                                     {'C', middle, bottom1},
                                     {' ', middle, bottom0},
                                     {' ', x0, bottom0}}) {
          path += command;
          path += Px(x);
          path += ' ';
          path += Px(y);
        }
        path += 'Z';
        std::string title = cell->from + " \u2192 " + cell->to + ": " +
                            GroupDigits(std::to_string(cell->count)) +
                            (from == to ? " stayed" : " moved");
        svg += "<path class=\"" + std::string(from == to ? "sk-stay" : "sk-move") + "\" d=\"" +
               path + "\"" + (from == to ? "" : " fill=\"" + std::string(ValueColor(from)) + "\"") +
               "><title>" + HtmlEscape(title) + "</title></path>";
      }
    }
  }

  // Nodes and their labels.
  for (int side = 0; side < 2; ++side) {
    const std::vector<double>& tops = side == 0 ? left_top : right_top;
    const std::vector<double>& heights = side == 0 ? left_height : right_height;
    double x = side == 0 ? left_x : right_x;
    for (size_t v = 0; v < value_count; ++v) {
      if (heights[v] == 0) continue;
      uint64_t count = side == 0 ? matrix.RowTotal(v) : matrix.ColumnTotal(v);
      svg += "<rect x=\"" + Px(x) + "\" y=\"" + Px(tops[v]) + "\" width=\"" + Px(kNodeWidth) +
             "\" height=\"" + Px(heights[v]) + "\" fill=\"" + ValueColor(v) +
             "\" rx=\"2\"><title>" + HtmlEscape(matrix.value(v)) + ": " +
             GroupDigits(std::to_string(count)) + "</title></rect>";
      double label_x = side == 0 ? x - 8 : x + kNodeWidth + 8;
      svg += "<text class=\"sk-label\" x=\"" + Px(label_x) + "\" y=\"" +
             Px(tops[v] + heights[v] / 2 + 4) + "\" text-anchor=\"" +
             (side == 0 ? "end" : "start") + "\"><tspan class=\"sk-value\">" +
             Label(matrix.value(v)) + "</tspan> <tspan class=\"sk-count\">" +
             GroupDigits(std::to_string(count)) + "</tspan></text>";
    }
  }
  return svg + "</svg>";
}

std::string PairBarsSvg(uint64_t before, uint64_t after, uint64_t max) {
  const double kWidth = 120;
  auto length = [&](uint64_t value) {
    return max == 0 ? 0.0 : std::max(value > 0 ? 1.0 : 0.0, kWidth * value / max);
  };
  return "<svg class=\"bars\" width=\"" + Px(kWidth) +
         "\" height=\"16\" viewBox=\"0 0 120 16\" aria-hidden=\"true\"><rect class=\"bar-before\" "
         "x=\"0\" y=\"2\" height=\"5\" width=\"" +
         Px(length(before)) +
         "\" rx=\"1\"/><rect class=\"bar-after\" x=\"0\" y=\"9\" height=\"5\" " + "width=\"" +
         Px(length(after)) + "\" rx=\"1\"/></svg>";
}

}  // namespace acctseg
