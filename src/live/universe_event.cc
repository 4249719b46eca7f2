// LiveEvent to and from JSON: the shape only (the types of the values are
// checked against the policy by LiveUniverse::Validate).
#include <algorithm>
#include <map>

#include "common/error.h"
#include "live/universe.h"
#include "live/universe_cell.h"

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

// The text of each number in the top-level "set" object that nlohmann
// keeps only as a double (one with a fraction or an exponent), by member.
class SetNumberTexts : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::map<std::string, std::string> texts;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t& text) override {
    if (depth_ == 2 && in_set_) texts[member_] = text;  // deeper: inside a member's value
    return true;
  }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t& key) override {
    if (depth_ <= 2) member_ = key;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Open() {
    if (depth_ == 1) in_set_ = member_ == "set";
    ++depth_;
    return true;
  }
  bool Close() {
    if (--depth_ == 1) in_set_ = false;
    return true;
  }

  int depth_ = 0;
  bool in_set_ = false;
  std::string member_;
};

}  // namespace

namespace {

// `logged`: the log's payload, which holds the server's received_at_ms.
LiveEvent ParseEvent(const nlohmann::json& j, const std::string& where, std::string_view text,
                     bool logged) {
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
    } else if (logged && it.key() == "received_at_ms") {
      if (!value.is_number_integer()) Malformed(field, "expected an integer, got " + value.dump());
      event.received_at_ms = value.get<int64_t>();
    } else {
      Malformed(field, "unknown field (expected account_id, op, set or touchpoint)");
    }
  }
  if (event.account_id.empty()) Malformed(where + ".account_id", "missing");
  if (event.op == LiveEvent::Op::kRemove && !event.set.empty())
    Malformed(where + ".set", "a remove sets nothing");
  const bool any_double = std::any_of(event.set.begin(), event.set.end(),
                                      [](const auto& value) { return value.is_number_float(); });
  if (any_double && !text.empty()) {
    SetNumberTexts numbers;
    nlohmann::json::sax_parse(text, &numbers);
    event.number_texts = std::move(numbers.texts);
  }
  return event;
}

}  // namespace

LiveEvent ParseLiveEvent(const nlohmann::json& j, const std::string& where, std::string_view text) {
  return ParseEvent(j, where, text, false);
}

LiveEvent ParseLoggedEvent(const nlohmann::json& record) {
  return ParseEvent(record, "event", {}, true);
}

nlohmann::ordered_json LiveEventJson(const LiveEvent& event) {
  nlohmann::ordered_json j = {{"account_id", event.account_id}, {"op", OpName(event.op)}};
  if (!event.set.empty()) j["set"] = event.set;
  // Exact in the log: a decimal takes its text as a file's field
  // (CellFromJson), and only a decimal takes a number with a fraction, so
  // only a decimal is logged so.
  for (const auto& [member, text] : event.number_texts)
    if (std::optional<std::string> plain = WithoutExponent(text)) j["set"][member] = *plain;
  if (!event.touchpoint.is_null()) j["touchpoint"] = event.touchpoint;
  if (event.received_at_ms != 0) j["received_at_ms"] = event.received_at_ms;
  return j;
}

}  // namespace acctseg
