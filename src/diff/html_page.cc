#include "diff/html_page.h"

#include <cstdio>

#include "common/html_escape.h"

namespace acctseg {

void WriteHtmlPageStart(std::ostream& out, std::string_view title, std::string_view style) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << HtmlEscape(title) << "</title>\n<style>" << kReportStyle << style
      << "</style></head><body><main>\n";
}

std::string SvgNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace acctseg
