#include "server/request_body.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/error.h"
#include "common/quoted_value.h"
#include "quality/normalizers.h"

namespace acctseg::server {

nlohmann::json ParseJsonObject(std::string_view text, const std::string& where) {
  nlohmann::json value;
  // An event is two levels deep; copying or printing a value nests as deep
  // as the value does, so a body nested thousands deep would overflow the
  // stack of whichever thread touched it (fuzz/regressions/events).
  // Each object's keys so far: a key given twice was taken as its last
  // value ({"account_id": "A", "account_id": "B"} updated B).
  std::vector<std::unordered_set<std::string>> keys;
  auto refuse_deep = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (depth >= kMaxJsonDepth)  // the outermost value is at depth 0
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: JSON nested deeper than {} levels", where, kMaxJsonDepth));
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) keys.emplace_back();
    if (event == Event::object_end && !keys.empty()) keys.pop_back();
    if (event == Event::key && !keys.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second)
      throw Error(ErrorKind::kInput, fmt::format("{}: key \"{}\" is given twice in one object",
                                                 where, parsed.get<std::string>()));
    return true;
  };
  try {
    value = nlohmann::json::parse(text, refuse_deep);
  } catch (const nlohmann::json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." without the tag;
    // also out_of_range.406, "number overflow parsing '1e999'".
    std::string message = e.what();
    size_t tag_end = message.find("] ");
    if (tag_end != std::string::npos) message = message.substr(tag_end + 2);
    throw Error(ErrorKind::kInput, fmt::format("{}: malformed JSON: {}", where, message));
  }
  if (!value.is_object())
    throw Error(ErrorKind::kInput,
                fmt::format("{}: expected a JSON object, got {}", where, value.type_name()));
  return value;
}

void ForEachLine(std::string_view body,
                 const std::function<void(size_t, std::string_view)>& visit) {
  size_t number = 0;
  while (!body.empty()) {
    ++number;
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    visit(number, line);
  }
}

Lead ParseLead(const nlohmann::json& body) {
  Lead lead;
  for (const char* field : {"email", "website"}) {
    if (!body.contains(field)) continue;
    if (!lead.field.empty())
      throw Error(ErrorKind::kInput, "body: give either email or website, not both");
    const auto& value = body[field];
    if (!value.is_string())
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: expected a string, got {}", field, value.type_name()));
    lead.field = field;
    lead.text = value.get<std::string>();
  }
  // "a@b@acme.com" is no address; its last @ matched acme.com. A quoted
  // local part may hold an @ ("a@b"@acme.com); after it, one @ only.
  if (lead.field == "email") {
    std::string_view after_local = lead.text;
    if (after_local.starts_with('"'))
      if (size_t close = after_local.find('"', 1); close != std::string_view::npos)
        after_local.remove_prefix(close + 1);
    if (std::count(after_local.begin(), after_local.end(), '@') > 1)
      throw Error(ErrorKind::kInput,
                  fmt::format("email: {} has more than one @: expected one address",
                              QuotedValue(lead.text)));
  }
  if (lead.field.empty())
    throw Error(ErrorKind::kInput, "body: needs \"email\" or \"website\" to match the lead by");
  std::string buffer;
  std::optional<std::string_view> domain = RegistrableDomain(lead.text, buffer);
  if (!domain)
    throw Error(ErrorKind::kInput,
                fmt::format("{}: \"{}\" has no registrable domain", lead.field, lead.text));
  lead.domain = std::string(*domain);
  for (const auto& [key, value] : body.items()) {
    if (key == "email" || key == "website") continue;
    if (key != "touchpoint")
      throw Error(
          ErrorKind::kInput,
          fmt::format("{}: unknown field (expected email or website, and touchpoint)", key));
    if (!value.is_object())
      throw Error(ErrorKind::kInput,
                  fmt::format("touchpoint: expected an object, got {}", value.type_name()));
    lead.touchpoint = value;
  }
  return lead;
}

}  // namespace acctseg::server
