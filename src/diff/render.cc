// Format names and dispatch to the renderer of each format.
#include "diff/diff.h"
#include "diff/render_internal.h"

namespace acctseg {

std::optional<DiffFormat> ParseDiffFormat(const std::string& name) {
  if (name == "text") return DiffFormat::kText;
  if (name == "csv") return DiffFormat::kCsv;
  if (name == "json") return DiffFormat::kJson;
  if (name == "html") return DiffFormat::kHtml;
  return std::nullopt;
}

void RenderDiff(const DiffReport& report, DiffFormat format, std::ostream& out) {
  switch (format) {
    case DiffFormat::kText:
      return RenderDiffText(report, out);
    case DiffFormat::kCsv:
      return RenderDiffCsv(report, out);
    case DiffFormat::kJson:
      return RenderDiffJson(report, out);
    case DiffFormat::kHtml:
      return RenderDiffHtml(report, out);
  }
}

}  // namespace acctseg
