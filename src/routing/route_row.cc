#include "routing/route_row.h"

#include <limits>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "policy/yaml_reader.h"
#include "table/date_time.h"
#include "table/decimal.h"

namespace acctseg {
namespace {

using Json = nlohmann::ordered_json;

// Stores `value` (JSON) in row 0 of `column`; false if it is not a value of
// the column's type. JSON numbers become decimals through their shortest
// text, so 45.6 is exactly 45.60, never a binary fraction.
bool Store(const Json& value, Dictionary& dictionary, Column& column) {
  column.nulls.Set(0, value.is_null());
  if (value.is_null()) return true;
  std::optional<int64_t> number;
  switch (column.type.id) {
    case TypeId::kString:
      if (!value.is_string()) return false;
      column.codes.Set(0, dictionary.Intern(value.get_ref<const std::string&>()));
      return true;
    case TypeId::kInt64:
      if (value.is_number_unsigned() &&
          value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return false;
      if (value.is_number_integer()) number = value.get<int64_t>();
      break;
    case TypeId::kDecimal:
      if (value.is_number()) number = ParseDecimal(value.dump(), column.type.Scale());
      break;
    case TypeId::kBool:
      if (value.is_boolean()) number = value.get<bool>() ? 1 : 0;
      break;
    case TypeId::kDate:
      if (value.is_string()) number = ParseDate(value.get_ref<const std::string&>());
      break;
    case TypeId::kTimestamp:
      if (value.is_string())
        number = ParseTimestamp(value.get_ref<const std::string&>(), std::nullopt);
      break;
    default:
      break;
  }
  if (!number) return false;
  column.ints.Set(0, *number);
  return true;
}

[[noreturn]] void Mismatch(const std::string& where, DataType type, const Json& value) {
  throw Error(ErrorKind::kInput, where + ": expected " + ExpectedJson(type) + ", got " +
                                     value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void SetNull(Column& column) { column.nulls.Set(0, true); }

}  // namespace

std::string ExpectedJson(DataType type) {
  switch (type.id) {
    case TypeId::kString:
      return "text";
    case TypeId::kInt64:
      return "an integer";
    case TypeId::kDecimal:
      return "a number with at most " + std::to_string(type.Scale()) + " decimals";
    case TypeId::kBool:
      return "true or false";
    case TypeId::kDate:
      return "a date (YYYY-MM-DD)";
    case TypeId::kTimestamp:
      return "a timestamp (ISO 8601 with Z or an offset)";
    default:
      return type.ToString();
  }
}

RouteRow::RouteRow(std::vector<RouteField> fields, std::string key_column, int node_count)
    : fields_(std::move(fields)), key_column_(std::move(key_column)) {
  // Code 0 is "" in every dictionary of the row: a NULL value keeps code 0,
  // and expressions read the text of every row, NULL or not.
  auto empty = std::make_shared<Dictionary>();
  empty->Intern("");
  state_.data.row_count = 1;
  state_.data.node_count = node_count;
  for (size_t i = 0; i < fields_.size(); ++i) {
    auto column = std::make_shared<Column>(Column::Make(fields_[i].type, 1, /*nullable=*/true));
    column->dictionary = empty;
    SetNull(*column);
    columns_.push_back(column);
    state_.data.slots.push_back(column);
    if (fields_[i].source == RouteField::Source::kTouchpoint) {
      touchpoint_fields_[fields_[i].key] = i;
      touchpoint_names_.push_back(fields_[i].name);
    }
  }
  InitScratch(scratch_, node_count);
}

void RouteRow::Fill(const Json& account, const Json& touchpoint) {
  // One dictionary per decision: the row's texts only, so a long-running
  // router holds no text of earlier decisions.
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->Intern("");
  for (auto& column : columns_)
    if (column->type.id == TypeId::kString) {
      column->dictionary = dictionary;
      column->codes.Set(0, 0);  // a code of the previous decision's dictionary is out of range here
    }
  FillAccount(account, *dictionary);
  FillTouchpoint(touchpoint, *dictionary);
  scratch_.arena.Clear();
}

void RouteRow::FillAccount(const Json& account, Dictionary& dictionary) {
  if (!account.is_null() && !account.is_object())
    throw Error(ErrorKind::kInput, "account: expected an object or null (an unknown lead)");
  account_key_.clear();
  if (account.is_object()) {
    auto key = account.find(key_column_);
    if (key != account.end() && !key->is_null())
      account_key_ = key->is_string() ? key->get<std::string>() : key->dump();
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    const RouteField& field = fields_[i];
    Column& column = *columns_[i];
    if (field.source == RouteField::Source::kPresence) {
      if (account.is_null()) {
        SetNull(column);
      } else {
        column.nulls.Set(0, false);
        column.codes.Set(0, dictionary.Intern(account_key_));
      }
    }
    if (field.source != RouteField::Source::kAccount || !field.read) continue;
    if (account.is_null()) {
      SetNull(column);
      continue;
    }
    auto it = account.find(field.key);
    if (it == account.end())
      throw Error(ErrorKind::kInput,
                  "account: no column \"" + field.key + "\" (a routing rule reads it)");
    if (!Store(*it, dictionary, column)) Mismatch("account." + field.key, field.type, *it);
  }
}

size_t RouteRow::TouchpointField(const std::string& key) const {
  auto field = touchpoint_fields_.find(key);
  if (field != touchpoint_fields_.end()) return field->second;
  const std::string where = "touchpoint." + key;
  std::string hint = DidYouMean(where, touchpoint_names_);
  throw Error(ErrorKind::kInput,
              where + ": unknown field" +
                  (!hint.empty()               ? hint
                   : touchpoint_names_.empty() ? " (the policy declares no touchpoint fields)"
                                               : " (expected " + OneOf(touchpoint_names_) + ")"));
}

void RouteRow::StoreTouchpoint(const Json& touchpoint, Dictionary& dictionary,
                               const std::function<Column&(size_t field)>& column_of) const {
  if (!touchpoint.is_null() && !touchpoint.is_object())
    throw Error(ErrorKind::kInput, "touchpoint: expected an object of fields or null");
  if (touchpoint.is_null()) return;
  for (auto it = touchpoint.begin(); it != touchpoint.end(); ++it) {
    const size_t field = TouchpointField(it.key());
    if (!Store(it.value(), dictionary, column_of(field)))
      Mismatch("touchpoint." + it.key(), fields_[field].type, it.value());
  }
}

void RouteRow::FillTouchpoint(const Json& touchpoint, Dictionary& dictionary) {
  for (const auto& [key, index] : touchpoint_fields_) SetNull(*columns_[index]);
  StoreTouchpoint(touchpoint, dictionary,
                  [&](size_t field) -> Column& { return *columns_[field]; });
}

void RouteRow::CheckTouchpoint(const Json& touchpoint) const {
  Dictionary dictionary;
  Column value;
  StoreTouchpoint(touchpoint, dictionary, [&](size_t field) -> Column& {
    value = Column::Make(fields_[field].type, 1, /*nullable=*/true);
    return value;
  });
}

}  // namespace acctseg
