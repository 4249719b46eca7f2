// Request bodies as JSON, with the messages a client can act on: where the
// JSON is malformed (line and column), which field has the wrong shape.
// Errors: Error(kInput) starting with `where` ("body", "line 3").
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace acctseg::server {

// How deep a request's JSON may nest (an event needs 2).
inline constexpr int kMaxJsonDepth = 32;

// One JSON object, nested at most kMaxJsonDepth levels.
nlohmann::json ParseJsonObject(std::string_view text, const std::string& where);

// Calls `visit(line number, text)` for every non-blank line of a JSON Lines
// body (line numbers from 1; a trailing CR is dropped).
void ForEachLine(std::string_view body, const std::function<void(size_t, std::string_view)>& visit);

// The lead of POST /v1/route: {"email": ...} or {"website": ...}, and an
// optional "touchpoint" object. The registrable domain to match accounts by.
struct Lead {
  std::string field;   // "email" or "website"
  std::string text;    // as given
  std::string domain;  // its registrable domain, lower case
  nlohmann::ordered_json touchpoint = nlohmann::ordered_json::object();
};
Lead ParseLead(const nlohmann::json& body);

}  // namespace acctseg::server
