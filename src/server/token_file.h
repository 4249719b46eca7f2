// Bearer tokens and the file that lists them (--tokens). One token a line:
//   NAME SCOPES HASH      e.g.  dashboard read 9f86d0...   (# comments, blank lines)
// HASH is the hex BLAKE2b-256 (libsodium crypto_generichash) of the token,
// so the file never holds a token itself; presented tokens are hashed and
// compared with every entry in constant time (sodium_memcmp).
// `acctseg serve token` makes a new token and its line (NewToken, TokenLine).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acctseg::server {

struct TokenEntry {
  std::string name;
  unsigned scopes = 0;  // Scope bits (scopes.h)
  std::string hash;     // 64 lowercase hex digits
};

class TokenFile {
 public:
  // Error(kInput) "FILE:LINE: ..." for a malformed line (wrong field count,
  // unknown scope, a hash that is not 64 hex digits, a name given twice);
  // Error(kIo) if the file cannot be read; Error(kInput) if it lists no token.
  static TokenFile Read(const std::string& path);
  // The entries of the file at `path` (none for a file of comments or
  // blank lines), checked as Read checks them.
  static std::vector<TokenEntry> ReadEntries(const std::string& path);
  explicit TokenFile(std::vector<TokenEntry> entries) : entries_(std::move(entries)) {}

  // The entry whose hash is the token's, or nullopt. Compares against every
  // entry whatever matches, so the time does not tell which one did.
  std::optional<TokenEntry> Authenticate(std::string_view token) const;
  size_t size() const { return entries_.size(); }

 private:
  std::vector<TokenEntry> entries_;
};

// The hex BLAKE2b-256 of `token`.
std::string HashToken(std::string_view token);
// A new random token: "acst_" and 64 hex digits (256 bits from randombytes).
std::string NewToken();
// The tokens-file line for a token.
std::string TokenLine(const std::string& name, unsigned scopes, std::string_view token);
// Error(kUsage) unless `name` is letters, digits, '-', '_' or '.'.
void CheckTokenName(const std::string& name, const std::string& where);

}  // namespace acctseg::server
