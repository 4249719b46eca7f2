// LiveEvent to and from JSON: the shape only (the types of the values are
// checked against the policy by LiveUniverse::Validate).
#include "common/error.h"
#include "live/universe.h"

namespace acctseg {
namespace {

[[noreturn]] void Malformed(const std::string& field, const std::string& problem) {
  throw Error(ErrorKind::kInput, field + ": " + problem);
}

const char* OpName(LiveEvent::Op op) {
  switch (op) {
    case LiveEvent::Op::kCreate:
      return "create";
    case LiveEvent::Op::kRemove:
      return "remove";
    default:
      return "update";
  }
}

}  // namespace

LiveEvent ParseLiveEvent(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) Malformed(where, "expected an object, got " + j.dump());
  LiveEvent event;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string field = where + "." + it.key();
    const nlohmann::json& value = it.value();
    if (it.key() == "account_id") {
      if (!value.is_string() || value.get<std::string>().empty())
        Malformed(field, "expected a non-empty string, got " + value.dump());
      event.account_id = value.get<std::string>();
    } else if (it.key() == "op") {
      std::string op = value.is_string() ? value.get<std::string>() : "";
      if (op == "update")
        event.op = LiveEvent::Op::kUpdate;
      else if (op == "create")
        event.op = LiveEvent::Op::kCreate;
      else if (op == "remove")
        event.op = LiveEvent::Op::kRemove;
      else
        Malformed(field, "expected update, create or remove, got " + value.dump());
    } else if (it.key() == "set") {
      if (!value.is_object()) Malformed(field, "expected an object, got " + value.dump());
      event.set = value;
    } else if (it.key() == "touchpoint") {
      if (!value.is_null() && !value.is_object())
        Malformed(field, "expected an object or null, got " + value.dump());
      event.touchpoint = value;
    } else if (it.key() == "received_at_ms") {
      if (!value.is_number_integer()) Malformed(field, "expected an integer, got " + value.dump());
      event.received_at_ms = value.get<int64_t>();
    } else {
      Malformed(field,
                "unknown field (expected account_id, op, set, touchpoint or received_at_ms)");
    }
  }
  if (event.account_id.empty()) Malformed(where + ".account_id", "missing");
  if (event.op == LiveEvent::Op::kRemove && !event.set.empty())
    Malformed(where + ".set", "a remove sets nothing");
  return event;
}

nlohmann::ordered_json LiveEventJson(const LiveEvent& event) {
  nlohmann::ordered_json j = {{"account_id", event.account_id}, {"op", OpName(event.op)}};
  if (!event.set.empty()) j["set"] = event.set;
  if (!event.touchpoint.is_null()) j["touchpoint"] = event.touchpoint;
  if (event.received_at_ms != 0) j["received_at_ms"] = event.received_at_ms;
  return j;
}

}  // namespace acctseg
