#include "server/token_file.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/counted.h"
#include "common/error.h"
#include "common/plain_name.h"
#include "server/scopes.h"

namespace acctseg::server {
namespace {

void InitSodium() {
  // Idempotent and thread-safe; fails only if no entropy source exists.
  if (sodium_init() < 0) throw Error(ErrorKind::kInternal, "libsodium failed to initialize");
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

bool IsHashText(const std::string& text) {
  if (text.size() != crypto_generichash_BYTES * 2) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string HashToken(std::string_view token) {
  InitSodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

std::string NewToken() {
  InitSodium();
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  return "acst_" + Hex(random, sizeof random);
}

std::string TokenLine(const std::string& name, unsigned scopes, std::string_view token) {
  return fmt::format("{} {} {}", name, ScopeNames(scopes), HashToken(token));
}

void CheckTokenName(const std::string& name, const std::string& where) {
  if (!IsPlainName(name))
    throw Error(
        ErrorKind::kUsage,
        fmt::format("{}: token name \"{}\": use letters, digits, '-', '_' or '.'", where, name));
}

TokenFile TokenFile::Read(const std::string& path) {
  std::vector<TokenEntry> entries = ReadEntries(path);
  if (entries.empty())
    throw Error(ErrorKind::kInput, fmt::format("{}: the tokens file lists no token", path));
  return TokenFile(std::move(entries));
}

std::vector<TokenEntry> TokenFile::ReadEntries(const std::string& path) {
  std::error_code is_dir_error;
  if (std::filesystem::is_directory(path, is_dir_error))
    throw Error(ErrorKind::kIo, fmt::format("{}: the tokens file is a directory", path));
  std::ifstream in(path);
  if (!in)
    throw Error(ErrorKind::kIo,
                fmt::format("{}: cannot read the tokens file: {}", path, std::strerror(errno)));
  std::vector<TokenEntry> entries;
  std::set<std::string> names, hashes;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    const std::string where = fmt::format("{}:{}", path, number);
    size_t hash_mark = line.find('#');
    if (hash_mark != std::string::npos) line.resize(hash_mark);
    std::istringstream fields(line);
    std::vector<std::string> parts;
    for (std::string field; fields >> field;) parts.push_back(field);
    if (parts.empty()) continue;
    if (parts.size() != 3)
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: expected NAME SCOPES HASH, got {}{}", where,
                              Counted(parts.size(), "field"),
                              parts.size() == 1 && parts[0].rfind("acst_", 0) == 0
                                  ? " (that is a token itself; the file holds its line, the "
                                    "second that `acctseg serve token` prints, which --append "
                                    "adds)"
                                  : ""));
    TokenEntry entry;
    entry.name = parts[0];
    try {
      CheckTokenName(entry.name, where);
    } catch (const Error& e) {
      throw Error(ErrorKind::kInput, e.what());
    }
    entry.scopes = ParseScopes(parts[1], where);
    if (!IsHashText(parts[2]))
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: the hash must be 64 lowercase hex digits (acctseg serve token "
                              "prints the line)",
                              where));
    entry.hash = parts[2];
    if (!names.insert(entry.name).second)
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: token name \"{}\" given twice", where, entry.name));
    // One token, two names and maybe two scopes: which would it have?
    if (!hashes.insert(entry.hash).second)
      throw Error(ErrorKind::kInput,
                  fmt::format("{}: the hash of token \"{}\" is another line's too (one token "
                              "under two names)",
                              where, entry.name));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<TokenEntry> TokenFile::Authenticate(std::string_view token) const {
  const std::string hash = HashToken(token);
  std::optional<TokenEntry> found;
  for (const TokenEntry& entry : entries_)
    if (sodium_memcmp(entry.hash.data(), hash.data(), hash.size()) == 0) found = entry;
  return found;
}

}  // namespace acctseg::server
