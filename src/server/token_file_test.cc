#include "server/token_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "common/error.h"
#include "server/request_guard.h"
#include "server/scopes.h"

namespace acctseg::server {
namespace {

std::string WriteTemp(const std::string& text) {
  std::string path = testing::TempDir() + "/tokens-" +
                     testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt";
  std::ofstream(path) << text;
  return path;
}

std::string ErrorOf(const std::string& text) {
  try {
    TokenFile::Read(WriteTemp(text));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Scopes, ParseAndName) {
  EXPECT_EQ(ParseScopes("read", "x"), kScopeRead);
  EXPECT_EQ(ParseScopes("admin,read", "x"), kScopeRead | kScopeAdmin);
  EXPECT_EQ(ScopeNames(kScopeAdmin | kScopeWrite | kScopeRead), "read,write,admin");
  EXPECT_THROW(ParseScopes("read,root", "x"), Error);
  EXPECT_THROW(ParseScopes("", "x"), Error);
  EXPECT_THROW(ParseScopes("read,read", "x"), Error);
}

TEST(TokenFile, NewTokenAuthenticatesByItsLine) {
  const std::string token = NewToken();
  EXPECT_EQ(token.rfind("acst_", 0), 0u);
  EXPECT_EQ(token.size(), 5u + 64u);
  EXPECT_NE(token, NewToken());
  const std::string other = NewToken();
  std::string path = WriteTemp("# tokens\n\n" + TokenLine("dash", kScopeRead, token) + "\n" +
                               TokenLine("loader", kScopeRead | kScopeWrite, other) + "  # ci\n");
  TokenFile file = TokenFile::Read(path);
  EXPECT_EQ(file.size(), 2u);
  auto entry = file.Authenticate(token);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->name, "dash");
  EXPECT_EQ(entry->scopes, kScopeRead);
  EXPECT_EQ(file.Authenticate(other)->name, "loader");
  EXPECT_FALSE(file.Authenticate(token + "x"));
  EXPECT_FALSE(file.Authenticate(""));
}

TEST(TokenFile, ErrorsNameFileAndLine) {
  const std::string hash = HashToken("t");
  EXPECT_NE(ErrorOf("a read\n").find(":1: expected NAME SCOPES HASH"), std::string::npos);
  EXPECT_NE(ErrorOf("\na sudo " + hash + "\n").find(":2: unknown scope \"sudo\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("a read XYZ\n").find(":1: the hash must be 64"), std::string::npos);
  EXPECT_NE(ErrorOf("a read " + hash + "\na write " + hash + "\n")
                .find(":2: token name \"a\" given twice"),
            std::string::npos);
  // One token under two names (and two sets of scopes): refused.
  EXPECT_NE(ErrorOf("a read " + hash + "\nb admin " + hash + "\n")
                .find(":2: the hash of token \"b\" is another line's too"),
            std::string::npos);
  // A token pasted where its line belongs.
  EXPECT_NE(ErrorOf(NewToken() + "\n").find("that is a token itself"), std::string::npos);
  EXPECT_NE(ErrorOf("# nothing\n").find("lists no token"), std::string::npos);
  // Why a file cannot be read is said.
  try {
    TokenFile::Read(testing::TempDir() + "/no-such-tokens");
    ADD_FAILURE() << "a missing tokens file was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
  try {
    TokenFile::Read(testing::TempDir());
    ADD_FAILURE() << "a directory was read as a tokens file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
}

TEST(RequestGuard, RefusesWithoutTokenBadTokenWrongScopeAndOverRate) {
  const std::string reader = NewToken(), writer = NewToken();
  TokenFile file(
      {{"r", kScopeRead, HashToken(reader)}, {"w", kScopeWrite | kScopeRead, HashToken(writer)}});
  RequestGuard guard(file, 2);
  EXPECT_FALSE(guard.Check(0, ""));  // public
  EXPECT_EQ(guard.Check(kScopeRead, "")->status, 401);
  EXPECT_EQ(guard.Check(kScopeRead, "Bearer nope")->status, 401);
  EXPECT_EQ(guard.Check(kScopeRead, "Basic " + reader)->status, 401);
  EXPECT_EQ(guard.Check(kScopeWrite, "Bearer " + reader)->status, 403);
  EXPECT_FALSE(guard.Check(kScopeRead, "Bearer " + writer));
  EXPECT_FALSE(guard.Check(kScopeWrite, "Bearer " + writer));
  EXPECT_EQ(guard.Check(kScopeWrite, "Bearer " + writer)->status, 429);  // a burst of 2
  EXPECT_FALSE(guard.Check(kScopeRead, "Bearer " + reader));             // per token
  EXPECT_FALSE(guard.Check(kScopeRead, "Bearer   " + reader));  // 1*SP (RFC 6750): it was a 401
}

}  // namespace
}  // namespace acctseg::server
