// Escaping text for HTML pages (the diff and quality reports): every value
// that comes from data or a policy goes through HtmlEscape before it is put
// into a page, so that no account name can add markup or script.
#pragma once

#include <string>
#include <string_view>

namespace acctseg {

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace acctseg
