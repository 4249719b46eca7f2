#include "server/request_body.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace acctseg::server {
namespace {

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RequestBody, JsonObjectOrAMessageWithThePlace) {
  EXPECT_EQ(ParseJsonObject(R"({"a": 1})", "body")["a"], 1);
  EXPECT_EQ(ErrorOf([] {
              ParseJsonObject("{\"a\": ", "line 3: event");
            }).rfind("line 3: event: malformed JSON: parse error at line 1, column ", 0),
            0u);
  EXPECT_EQ(ErrorOf([] { ParseJsonObject(R"({"a": 12e308})", "body"); }),
            "body: malformed JSON: number overflow parsing '12e308'");
  EXPECT_EQ(ErrorOf([] { ParseJsonObject("[1]", "body"); }),
            "body: expected a JSON object, got array");
}

TEST(RequestBody, DeepNestingIsRefusedNotOverflowingTheStack) {
  auto nested = [](int levels) {
    return "{\"a\": " + std::string(levels - 1, '[') + std::string(levels - 1, ']') + "}";
  };
  EXPECT_EQ(ParseJsonObject(nested(kMaxJsonDepth), "body").size(), 1u);
  EXPECT_EQ(ErrorOf([&] { ParseJsonObject(nested(kMaxJsonDepth + 1), "line 2: event"); }),
            "line 2: event: JSON nested deeper than 32 levels");
  EXPECT_EQ(ErrorOf([&] { ParseJsonObject(nested(1'000'000), "body"); }),
            "body: JSON nested deeper than 32 levels");
}

TEST(RequestBody, LinesSkipBlanksAndCarriageReturns) {
  std::vector<std::pair<size_t, std::string>> lines;
  ForEachLine("a\r\n\n  \nb\nc",
              [&](size_t n, std::string_view text) { lines.emplace_back(n, std::string(text)); });
  std::vector<std::pair<size_t, std::string>> expected = {{1, "a"}, {4, "b"}, {5, "c"}};
  EXPECT_EQ(lines, expected);
}

TEST(RequestBody, LeadByEmailOrWebsite) {
  Lead lead = ParseLead(nlohmann::json::parse(
      R"({"email": "Jane@Sales.ACME.co.uk", "touchpoint": {"type": "web_form"}})"));
  EXPECT_EQ(lead.field, "email");
  EXPECT_EQ(lead.domain, "acme.co.uk");
  EXPECT_EQ(lead.touchpoint["type"], "web_form");
  EXPECT_EQ(ParseLead(nlohmann::json::parse(R"({"website": "https://www.acme.com/x"})")).domain,
            "acme.com");
  EXPECT_NE(ErrorOf([] {
              ParseLead(nlohmann::json::parse(R"({"email": "a@b.com", "website": "c.com"})"));
            }).find("not both"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              ParseLead(nlohmann::json::parse(R"({"email": 3})"));
            }).find("email: expected a string"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              ParseLead(nlohmann::json::parse(R"({"email": "nobody"})"));
            }).find("has no registrable domain"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              ParseLead(nlohmann::json::parse(R"({"email": "a@b.com", "tp": {}})"));
            }).find("tp: unknown field"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { ParseLead(nlohmann::json::parse(R"({})")); }).find("needs \"email\""),
            std::string::npos);
  // One address: a second @ is refused, after a quoted local part too, and
  // the address is quoted escaped.
  EXPECT_EQ(ErrorOf([] { ParseLead(nlohmann::json::parse(R"({"email": "\"q\"@x@acme.com"})")); }),
            "email: \"\"q\"@x@acme.com\" has more than one @: expected one address");
  EXPECT_EQ(ErrorOf([] { ParseLead(nlohmann::json::parse(R"({"email": "a@b\n@acme.com"})")); }),
            "email: \"a@b\\n@acme.com\" has more than one @: expected one address");
  EXPECT_EQ(ParseLead(nlohmann::json::parse(R"({"email": "\"a@b\"@acme.com"})")).domain,
            "acme.com");
}

}  // namespace
}  // namespace acctseg::server
